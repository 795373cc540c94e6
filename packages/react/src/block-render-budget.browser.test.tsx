import { Profiler } from 'react';
import { createTokenStream } from '@sluice/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderBlock } from './render-slots.js';
import { StreamText } from './stream-text.js';
import { createControlledBody } from './test-support/controlled-body.js';
import { frames, mount } from './test-support/mount.js';
import type { Mounted } from './test-support/mount.js';

let mounted: Mounted | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** Longer than a commit's block budget, on any machine: a stand-in for syntax highlighting. */
const blockCostMs = 10;

function spendScript(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // The renderer's work.
  }
}

/**
 * `<StreamText>` with an expensive `renderBlock`, counting commits with a Profiler so each
 * `renderBlock` call is attributed to the commit it rendered in.
 */
async function mountExpensive(blockCost = blockCostMs, scrollerHeight?: number) {
  const body = createControlledBody();
  const stream = createTokenStream({ url: '/complete', fetch: body.fetch });
  let commits = 0;
  const calls: { text: string; commit: number }[] = [];
  const renderBlock: RenderBlock = (block) => {
    spendScript(blockCost);
    calls.push({ text: block.text, commit: commits });
    return <p data-rich="">{block.text}</p>;
  };
  const answer = (
    <Profiler id="answer" onRender={() => (commits += 1)}>
      <StreamText stream={stream} renderBlock={renderBlock} />
    </Profiler>
  );
  mounted = mount(scrollerHeight === undefined ? answer : <div data-testid="scroller" style={{ height: scrollerHeight, overflow: 'auto' }}>{answer}</div>);
  const finished = stream.start();
  await body.requested;
  const root = mounted.container.querySelector<HTMLElement>('.sluice-stream-text');
  if (!root) throw new Error('StreamText did not render');
  return { body, calls, finished, root };
}

async function waitUntil(condition: () => boolean, what: string, limit = 600): Promise<void> {
  for (let frame = 0; frame < limit; frame += 1) {
    if (condition()) return;
    await frames(1);
  }
  throw new Error(`never happened: ${what}`);
}

const paragraphs = Array.from({ length: 12 }, (_, index) => `Paragraph ${index + 1}.`);

describe('the block render budget', () => {
  it('spreads many new expensive blocks over frames, showing every one as text meanwhile', async () => {
    const { body, calls, finished, root } = await mountExpensive();
    body.push(`${paragraphs.join('\n\n')}\n\nThe tail`);
    await waitUntil(() => (root.textContent ?? '').includes('The tail'), 'the text shows');

    // Nothing is hidden: the blocks not yet rendered by renderBlock show their text, marked.
    expect(root.textContent).toBe(`${paragraphs.join('')}The tail`);
    const pendingAtFirst = root.querySelectorAll('[data-sluice-pending]').length;
    expect(pendingAtFirst).toBeGreaterThanOrEqual(paragraphs.length - 1);

    await waitUntil(() => root.querySelectorAll('[data-sluice-pending]').length === 0, 'every block is rendered');
    expect([...root.querySelectorAll('[data-rich]')].map((element) => element.textContent)).toEqual([...paragraphs, 'The tail']);

    // Each commit rendered at most one new block past its budget, plus the growing tail.
    const callsPerCommit = new Map<number, number>();
    for (const { commit } of calls) callsPerCommit.set(commit, (callsPerCommit.get(commit) ?? 0) + 1);
    expect(Math.max(...callsPerCommit.values())).toBeLessThanOrEqual(2);
    expect(callsPerCommit.size).toBeGreaterThanOrEqual(paragraphs.length / 2);
    // And every settled block went through renderBlock exactly once.
    for (const text of paragraphs) expect(calls.filter((call) => call.text === text)).toHaveLength(1);

    body.end();
    await finished;
  });

  it('never turns a block that renderBlock has shown back into plain text', async () => {
    const { body, finished, root } = await mountExpensive();
    body.push('The first paragraph grows');
    await waitUntil(() => root.querySelector('[data-rich]')?.textContent === 'The first paragraph grows', 'the tail is rendered');
    const first = root.querySelector('[data-rich]');

    // It settles in the same flush that brings many new blocks past the budget.
    body.push(`.\n\n${paragraphs.join('\n\n')}\n\nThe tail`);
    await waitUntil(() => (root.textContent ?? '').includes('The tail'), 'the new text shows');
    expect(root.querySelector('[data-rich]')?.textContent).toBe('The first paragraph grows.');
    expect(root.querySelector('[data-rich]')).toBe(first);
    expect(root.querySelectorAll('[data-sluice-pending]').length).toBeGreaterThan(0);

    body.end();
    await finished;
    await waitUntil(() => root.querySelectorAll('[data-sluice-pending]').length === 0, 'every block is rendered');
  });

  it('renders every block of a long answer in the end, each once, however many wait', async () => {
    // More pending blocks than one retry round wakes.
    const many = Array.from({ length: 150 }, (_, index) => `Block ${index + 1}.`);
    const { body, calls, finished, root } = await mountExpensive(3);
    body.push(`${many.join('\n\n')}\n\nThe tail`);
    await waitUntil(() => (root.textContent ?? '').includes('The tail'), 'the text shows');
    expect(root.querySelectorAll('[data-sluice-pending]').length).toBeGreaterThan(64);

    await waitUntil(() => root.querySelectorAll('[data-sluice-pending]').length === 0, 'every block is rendered', 2_000);
    expect([...root.querySelectorAll('[data-rich]')].map((element) => element.textContent)).toEqual([...many, 'The tail']);
    for (const text of many) expect(calls.filter((call) => call.text === text)).toHaveLength(1);
    body.end();
    await finished;
  });

  it('renders the pending blocks on screen before the ones scrolled away', async () => {
    const many = Array.from({ length: 150 }, (_, index) => `Block ${index + 1}.`);
    const { body, finished, root } = await mountExpensive(3, 200);
    const scroller = mounted?.container.querySelector<HTMLElement>('[data-testid="scroller"]');
    if (!scroller) throw new Error('no scroller');
    body.push(`${many.join('\n\n')}\n\nThe tail`);
    await waitUntil(() => (root.textContent ?? '').includes('The tail'), 'the text shows');
    // Like a long answer opened at its end.
    scroller.scrollTop = scroller.scrollHeight;

    const lastBlocks = () => [...root.querySelectorAll('.sluice-block, [data-rich]')].slice(-6);
    await waitUntil(() => lastBlocks().every((element) => element.hasAttribute('data-rich')), 'the blocks on screen are rendered');
    // Most of the blocks above, off screen, still wait their turn.
    expect(root.querySelectorAll('[data-sluice-pending]').length).toBeGreaterThan(many.length / 2);
    const middle = [...root.querySelectorAll('[data-rich], [data-sluice-pending]')].find((element) => element.textContent === 'Block 75.');
    expect(middle?.hasAttribute('data-sluice-pending')).toBe(true);

    await waitUntil(() => root.querySelectorAll('[data-sluice-pending]').length === 0, 'every block is rendered', 2_000);
    body.end();
    await finished;
  });
});
