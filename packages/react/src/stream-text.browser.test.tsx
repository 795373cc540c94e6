import { createTokenStream } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createControlledBody } from './test-support/controlled-body.js';
import type { ControlledBody } from './test-support/controlled-body.js';
import { frames, mount } from './test-support/mount.js';
import type { Mounted } from './test-support/mount.js';
import type { RenderBlock } from './render-slots.js';
import { StreamText } from './stream-text.js';

let mounted: Mounted | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** A fetch that answers each call with the next controlled body, so a test can restart. */
function bodies(count: number): { fetch: typeof globalThis.fetch; bodies: ControlledBody[] } {
  const list = Array.from({ length: count }, () => createControlledBody());
  let calls = 0;
  return {
    bodies: list,
    fetch: (input, init) => {
      const body = list[calls];
      calls += 1;
      if (!body) throw new Error('more requests than bodies');
      return body.fetch(input, init);
    },
  };
}

function root(): HTMLElement {
  const element = mounted?.container.querySelector<HTMLElement>('.sluice-stream-text');
  if (!element) throw new Error('StreamText did not render');
  return element;
}

function paragraphs(): HTMLElement[] {
  return [...root().querySelectorAll<HTMLElement>('.sluice-paragraph')];
}

/** Waits, frame by frame, until the shown text has caught up with `expected`. */
async function waitForShown(expected: (element: HTMLElement) => boolean, limit = 200): Promise<void> {
  for (let frame = 0; frame < limit; frame += 1) {
    if (expected(root())) return;
    await frames(1);
  }
  throw new Error(`StreamText never showed what was expected; it shows ${JSON.stringify(root().textContent)}`);
}

async function startStream(count = 1): Promise<{ stream: TokenStream; bodies: ControlledBody[]; finished: Promise<unknown> }> {
  const served = bodies(count);
  const stream = createTokenStream({ url: '/complete', fetch: served.fetch });
  mounted = mount(<StreamText stream={stream} className="answer" />);
  const finished = stream.start();
  await served.bodies[0]?.requested;
  return { stream, bodies: served.bodies, finished };
}

describe('<StreamText>', () => {
  it('keeps settled block elements across frames and only the tail block changes', async () => {
    const { bodies: [body] } = await startStream();
    if (!body) throw new Error('no body');
    body.push('First paragraph.\n\nSecond ');
    await waitForShown((element) => element.textContent === 'First paragraph.Second ');
    const [first, second] = paragraphs();

    body.push('grows.\n\nThird');
    await waitForShown(() => paragraphs().length === 3);
    const after = paragraphs();
    expect(after[0]).toBe(first);
    expect(after.map((element) => element.textContent)).toEqual(['First paragraph.', 'Second grows.', 'Third']);
    // The grown block is the same element with new text, not a remount of the list.
    expect(after[1]).toBe(second);

    body.push(' and more');
    await waitForShown(() => paragraphs()[2]?.textContent === 'Third and more');
    expect(paragraphs()[0]).toBe(first);
    expect(paragraphs()[1]).toBe(second);
  });

  it('is aria-busy while the run is live and not once it is done', async () => {
    const { stream, bodies: [body], finished } = await startStream();
    if (!body) throw new Error('no body');
    expect(root().getAttribute('aria-busy')).toBe('true');
    body.push('Some text');
    await waitForShown((element) => element.textContent === 'Some text');
    expect(root().getAttribute('aria-busy')).toBe('true');
    body.end();
    await finished;
    await waitForShown((element) => element.dataset.phase === 'done');
    expect(stream.getSnapshot().phase).toBe('done');
    expect(root().hasAttribute('aria-busy')).toBe(false);
    expect(root().textContent).toBe('Some text');
    expect(root().classList.contains('answer')).toBe(true);
  });

  it('renders blocks through renderBlock, and settled ones once', async () => {
    const served = bodies(1);
    const stream = createTokenStream({ url: '/complete', fetch: served.fetch });
    const calls: string[] = [];
    const renderBlock: RenderBlock = (block, index) => {
      calls.push(block.text);
      return (
        <section data-custom-block={index} data-kind={block.kind}>
          {block.text}
        </section>
      );
    };
    mounted = mount(<StreamText stream={stream} renderBlock={renderBlock} />);
    void stream.start();
    const [body] = served.bodies;
    if (!body) throw new Error('no body');
    await body.requested;
    body.push('Intro\n\n```ts\nconst a = 1;\n```\n\nTa');
    await waitForShown((element) => element.querySelectorAll('[data-custom-block]').length === 3);
    body.push('il');
    await waitForShown((element) => element.querySelector('[data-custom-block="2"]')?.textContent === 'Tail');

    const custom = [...root().querySelectorAll<HTMLElement>('[data-custom-block]')];
    expect(custom.map((element) => [element.dataset.kind, element.textContent])).toEqual([
      ['paragraph', 'Intro'],
      ['code', 'const a = 1;'],
      ['paragraph', 'Tail'],
    ]);
    expect(root().querySelector('.sluice-paragraph')).toBeNull();
    // Each settled block went through renderBlock once; the tail once per text it showed.
    expect(calls.filter((text) => text === 'Intro')).toHaveLength(1);
    expect(calls.filter((text) => text === 'const a = 1;')).toHaveLength(1);
    expect(calls.at(-1)).toBe('Tail');
  });

  it('clears the text when the stream restarts, and shows only the new run', async () => {
    const { stream, bodies: [firstBody, secondBody] } = await startStream(2);
    if (!firstBody || !secondBody) throw new Error('no bodies');
    firstBody.push('An old answer that is long.\n\nWith two paragraphs.');
    await waitForShown(() => paragraphs().length === 2);

    const restarted = stream.start();
    await secondBody.requested;
    await waitForShown((element) => element.textContent === '');
    expect(root().getAttribute('aria-busy')).toBe('true');

    // Longer than the old text: appended to the old run's blocks it would show both.
    secondBody.push('A new answer, longer than the old one by quite a margin.\n\nAnd more.');
    secondBody.end();
    await restarted;
    await waitForShown((element) => element.dataset.phase === 'done');
    expect(paragraphs().map((element) => element.textContent)).toEqual([
      'A new answer, longer than the old one by quite a margin.',
      'And more.',
    ]);
  });

  it('lets the browser skip layout of settled groups that are off screen', async () => {
    const { bodies: [body] } = await startStream();
    if (!body) throw new Error('no body');
    // 100 paragraphs: four groups of 32 blocks, the first three settled.
    const text = Array.from({ length: 100 }, (_, index) => `Paragraph ${index} ${'word '.repeat(20)}`).join('\n\n');
    body.push(text);
    await waitForShown(() => paragraphs().length === 100);
    await frames(2);
    const groups = [...root().querySelectorAll<HTMLElement>('.sluice-block-group')];
    expect(groups).toHaveLength(4);
    expect(groups.map((group) => group.style.contentVisibility)).toEqual(['auto', 'auto', 'auto', '']);
    // The third group starts some 64 paragraphs down, far below the viewport.
    const farBlock = groups[2]?.querySelector('p');
    expect(farBlock?.checkVisibility({ contentVisibilityAuto: true })).toBe(false);
    expect(groups[0]?.querySelector('p')?.checkVisibility({ contentVisibilityAuto: true })).toBe(true);
  });
});
