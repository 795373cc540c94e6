import { createTokenStream } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import { Profiler } from 'react';
import { flushSync } from 'react-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import './styles.css';
import { createControlledBody } from './test-support/controlled-body.js';
import { frames, mount } from './test-support/mount.js';
import type { Mounted } from './test-support/mount.js';
import { Transcript } from './transcript.js';
import type { TranscriptProps } from './transcript.js';
import { useTranscript } from './use-transcript.js';
import type { TranscriptMessage } from './transcript-message.js';

let mounted: Mounted | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function makeMessages(count: number, prefix = 'message'): TranscriptMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    // Varied lengths so rows have different measured heights.
    text: `Message ${index}. ${'Lorem ipsum dolor sit amet. '.repeat(1 + (index % 7))}`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
}

function liveAssistant(id = 'live'): TranscriptMessage {
  return { id, role: 'assistant', text: '', phase: 'connecting', status: null, error: null };
}

function render(props: TranscriptProps): Mounted {
  mounted = mount(<Transcript style={{ height: '100%' }} {...props} />);
  return mounted;
}

function scroller(): HTMLElement {
  const element = document.querySelector<HTMLElement>('[role="log"]');
  if (!element) throw new Error('no log element');
  return element;
}

function row(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
  if (!element) throw new Error(`no row for ${id}`);
  return element;
}

function distanceFromEnd(element: HTMLElement): number {
  return element.scrollHeight - element.scrollTop - element.clientHeight;
}

function jumpButton(): HTMLButtonElement | null {
  return (
    [...document.querySelectorAll('button')].find((button) => button.textContent?.startsWith('Jump to latest')) ?? null
  );
}

/** The first row whose bottom edge is below the top of the log: the one the reader is looking at. */
function firstVisibleRow(): HTMLElement {
  const top = scroller().getBoundingClientRect().top;
  const rows = [...document.querySelectorAll<HTMLElement>('[data-message-id]')].sort(
    (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
  );
  const visible = rows.find((candidate) => candidate.getBoundingClientRect().bottom > top + 1);
  if (!visible) throw new Error('no visible row');
  return visible;
}

async function startLive(messages: TranscriptMessage[], liveId = 'live') {
  const body = createControlledBody();
  const stream: TokenStream = createTokenStream({ url: '/chat', fetch: body.fetch });
  const view = render({ messages, live: { messageId: liveId, stream } });
  const finished = stream.start();
  await body.requested;
  return { body, stream, view, finished };
}

async function pushAndShow(body: ReturnType<typeof createControlledBody>, text: string, liveId = 'live') {
  body.push(text);
  const marker = text.trim().slice(0, 24);
  await vi.waitFor(() => expect(row(liveId).textContent).toContain(marker));
}

describe('<Transcript> virtualization', () => {
  it('keeps fewer than 60 rows in the DOM for 100,000 messages and opens at the latest one', async () => {
    const messages = makeMessages(100_000);
    render({ messages });
    await frames(3);

    const rows = document.querySelectorAll('[data-message-id]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(document.querySelector('[data-message-id="message-99999"]')).not.toBeNull();
    expect(distanceFromEnd(scroller())).toBeLessThanOrEqual(1);
  });

  it('gives each row the DOM contract attributes', async () => {
    render({
      messages: [
        { id: 'u', role: 'user', text: 'Hi' },
        { id: 'a', role: 'assistant', text: 'Hello', phase: 'done' },
      ],
    });
    await frames(1);
    const assistant = row('a');
    expect(assistant.classList.contains('sluice-message')).toBe(true);
    expect(assistant.dataset.role).toBe('assistant');
    expect(assistant.dataset.phase).toBe('done');
    expect(assistant.getAttribute('aria-busy')).toBeNull();
    expect(row('u').dataset.role).toBe('user');
    const log = scroller();
    expect(log.getAttribute('aria-label')).toBe('Conversation');
    expect(log.tabIndex).toBe(0);
  });
});

describe('<Transcript> following the output', () => {
  it('stays scrolled to the bottom after each flush while the user is at the bottom', async () => {
    const { body, finished } = await startLive([...makeMessages(40), liveAssistant()]);
    await frames(2);
    expect(distanceFromEnd(scroller())).toBeLessThanOrEqual(1);

    for (let step = 0; step < 15; step += 1) {
      await pushAndShow(body, `Paragraph ${step}: ${'streamed words '.repeat(12)}\n\n`);
      await frames(2);
      expect(distanceFromEnd(scroller())).toBeLessThanOrEqual(1);
    }
    // The live row outgrew the viewport, so following really moved the scroll position.
    expect(row('live').getBoundingClientRect().height).toBeGreaterThan(scroller().clientHeight);
    body.end();
    await finished;
  });

  it('stops following on scroll up, counts new messages, and the jump button resumes following', async () => {
    const history = makeMessages(40);
    const { body, view, stream, finished } = await startLive([...history, liveAssistant()]);
    await frames(2);
    expect(jumpButton()).toBeNull();

    const log = scroller();
    log.scrollTop = log.scrollTop - 300;
    await vi.waitFor(() => expect(jumpButton()).not.toBeNull());
    expect(jumpButton()?.textContent).toBe('Jump to latest');
    const readingAt = log.scrollTop;

    // Output keeps arriving: the view must not be pulled down.
    body.push(`While reading: ${'more words '.repeat(30)}\n\n`);
    await vi.waitFor(() => expect(stream.getSnapshot().text).toContain('While reading'));
    await frames(2);
    expect(log.scrollTop).toBe(readingAt);

    // Three more messages arrive while the user reads above.
    const more = [...history, liveAssistant(), ...makeMessages(3, 'later')];
    view.render(<Transcript style={{ height: '100%' }} messages={more} live={{ messageId: 'live', stream }} />);
    await frames(2);
    expect(log.scrollTop).toBe(readingAt);
    const button = jumpButton();
    expect(button?.tagName).toBe('BUTTON');
    expect(button?.textContent).toBe('Jump to latest (3 new)');

    button?.click();
    await vi.waitFor(() => expect(jumpButton()).toBeNull());
    await frames(2);
    expect(distanceFromEnd(log)).toBeLessThanOrEqual(1);
    expect(document.activeElement).toBe(log);

    // Following again: a new message is scrolled into view.
    const evenMore = [...more, ...makeMessages(2, 'latest')];
    view.render(<Transcript style={{ height: '100%' }} messages={evenMore} live={{ messageId: 'live', stream }} />);
    await frames(3);
    expect(distanceFromEnd(log)).toBeLessThanOrEqual(1);
    expect(jumpButton()).toBeNull();
    body.end();
    await finished;
  });

  it('keeps a scroll made in an animation-frame callback while a row resizes in that frame', async () => {
    const { body, finished } = await startLive([...makeMessages(40), liveAssistant()]);
    await frames(3);
    const log = scroller();
    const resized = row('message-39');
    // The scroll event for this position only goes out next frame; the row's resize is
    // measured in this one, and must not be read as a resize at the end (which pins the end).
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        log.scrollTop -= 300;
        resized.style.paddingBottom = '40px';
        resolve();
      }),
    );
    await frames(2);
    expect(distanceFromEnd(log)).toBeGreaterThan(200);
    await vi.waitFor(() => expect(jumpButton()).not.toBeNull());
    body.end();
    await finished;
  });

  it('resumes following when the user scrolls back to the bottom by hand', async () => {
    const { body, finished } = await startLive([...makeMessages(30), liveAssistant()]);
    await frames(2);
    const log = scroller();
    log.scrollTop = 0;
    await vi.waitFor(() => expect(jumpButton()).not.toBeNull());

    log.scrollTop = log.scrollHeight;
    await vi.waitFor(() => expect(jumpButton()).toBeNull());
    for (let step = 0; step < 5; step += 1) {
      await pushAndShow(body, `Back at the bottom ${step}: ${'words '.repeat(40)}\n\n`);
      await frames(2);
      expect(distanceFromEnd(log)).toBeLessThanOrEqual(1);
    }
    body.end();
    await finished;
  });

  it('does not move the row being read when the streaming last row grows', async () => {
    const { body, finished } = await startLive([...makeMessages(30), liveAssistant()]);
    await pushAndShow(body, `First part: ${'words '.repeat(20)}\n\n`);
    await frames(2);

    const log = scroller();
    log.scrollTop = log.scrollTop - 250;
    await vi.waitFor(() => expect(jumpButton()).not.toBeNull());
    await frames(2);
    const reading = firstVisibleRow();
    const topBefore = reading.getBoundingClientRect().top;

    for (let step = 0; step < 8; step += 1) {
      await pushAndShow(body, `Growth ${step}: ${'more and more words '.repeat(15)}\n\n`);
      await frames(2);
      expect(Math.abs(row(reading.dataset.messageId ?? '').getBoundingClientRect().top - topBefore)).toBeLessThanOrEqual(1);
    }
    body.end();
    await finished;
  });
});

describe('<Transcript> streaming row', () => {
  it('marks the streaming row aria-busy until it settles, then shows the final phase', async () => {
    const { body, finished } = await startLive([{ id: 'q', role: 'user', text: 'Question' }, liveAssistant()]);
    expect(row('live').getAttribute('aria-busy')).toBe('true');
    await pushAndShow(body, 'Partial answer');
    expect(row('live').getAttribute('aria-busy')).toBe('true');
    expect(row('live').dataset.phase).toBe('streaming');
    expect(row('q').getAttribute('aria-busy')).toBeNull();

    body.end();
    await finished;
    await vi.waitFor(() => expect(row('live').dataset.phase).toBe('done'));
    expect(row('live').getAttribute('aria-busy')).toBeNull();
    expect(row('live').textContent).toContain('Partial answer');
  });

  it('re-renders only the streaming row per flush', async () => {
    const renders = new Map<string, number>();
    const body = createControlledBody();
    const stream = createTokenStream({ url: '/chat', fetch: body.fetch });
    const messages = [...makeMessages(10), liveAssistant()];
    render({
      messages,
      live: { messageId: 'live', stream },
      renderMessage: (message, defaultRender) => {
        renders.set(message.id, (renders.get(message.id) ?? 0) + 1);
        return defaultRender();
      },
    });
    const finished = stream.start();
    await body.requested;
    await frames(2);
    const before = new Map(renders);
    for (let step = 0; step < 5; step += 1) await pushAndShow(body, `Token batch ${step} `);
    await frames(2);

    expect((renders.get('live') ?? 0) - (before.get('live') ?? 0)).toBeGreaterThanOrEqual(5);
    for (const message of messages.slice(0, -1)) {
      expect(renders.get(message.id) ?? 0).toBe(before.get(message.id) ?? 0);
    }
    body.end();
    await finished;
  });

  it('renders markup in streamed and stored text as literal text', async () => {
    const payload = '<img src=x onerror="window.__sluicePwned=true"> <b>bold</b>';
    const { body, finished } = await startLive([{ id: 'stored', role: 'user', text: payload }, liveAssistant()]);
    await pushAndShow(body, payload);
    body.end();
    await finished;
    await frames(2);

    const log = scroller();
    expect(log.querySelector('img')).toBeNull();
    expect(log.querySelector('b')).toBeNull();
    expect(row('stored').textContent).toContain(payload);
    expect(row('live').textContent).toContain(payload);
    expect((window as { __sluicePwned?: boolean }).__sluicePwned).toBeUndefined();
  });

  it('renders paragraphs in <p> and fenced code whole in <pre><code>', async () => {
    const text = 'Intro line\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nOutro';
    render({ messages: [{ id: 'm', role: 'assistant', text, phase: 'done' }] });
    await frames(1);
    const message = row('m');
    expect([...message.querySelectorAll('p.sluice-paragraph')].map((element) => element.textContent)).toEqual(['Intro line', 'Outro']);
    const code = message.querySelectorAll('pre > code');
    expect(code.length).toBe(1);
    expect(code[0]?.textContent).toBe('const a = 1;\n\nconst b = 2;');
    expect(code[0]?.getAttribute('data-language')).toBe('ts');
  });

  it('uses renderBlock for every block when given', async () => {
    const seen: Array<{ kind: string; index: number }> = [];
    render({
      messages: [{ id: 'm', role: 'assistant', text: 'One\n\n```\ncode\n```\n\nThree', phase: 'done' }],
      renderBlock: (block, index) => {
        seen.push({ kind: block.kind, index });
        return (
          <div className="custom-block" data-kind={block.kind}>
            {block.source}
          </div>
        );
      },
    });
    // Blocks past a commit's render budget (a loaded machine) go through renderBlock in the frames that follow.
    await vi.waitFor(() => expect(row('m').querySelector('[data-sluice-pending]')).toBeNull());
    const custom = row('m').querySelectorAll('.custom-block');
    expect([...custom].map((element) => element.getAttribute('data-kind'))).toEqual(['paragraph', 'code', 'paragraph']);
    expect(row('m').querySelector('p.sluice-paragraph')).toBeNull();
    expect(seen.map((entry) => entry.index)).toEqual(expect.arrayContaining([0, 1, 2]));
  });

  it('shows the error message on failed rows and a "Stopped" marker on aborted rows', async () => {
    render({
      messages: [
        { id: 'failed', role: 'assistant', text: 'Half', phase: 'error', error: { kind: 'network', message: 'The connection was lost.' } },
        { id: 'stopped', role: 'assistant', text: 'Cut', phase: 'aborted' },
      ],
    });
    await frames(1);
    expect(row('failed').textContent).toContain('The connection was lost.');
    expect(row('failed').dataset.phase).toBe('error');
    expect(row('stopped').textContent).toContain('Stopped');
    expect(row('stopped').dataset.phase).toBe('aborted');
    expect(row('failed').textContent).not.toContain('Stopped');
  });
});

describe('<Transcript> commits', () => {
  it('commits once per frame while rows leave the viewport as the streaming row grows', async () => {
    // A commit belongs to the frame whose rendering update last ran before it.
    const commitsPerFrame = new Map<number, number>();
    const countCommit = () => {
      const time = document.timeline.currentTime as number;
      commitsPerFrame.set(time, (commitsPerFrame.get(time) ?? 0) + 1);
    };
    const body = createControlledBody();
    const stream = createTokenStream({ url: '/chat', fetch: body.fetch });
    const messages = [...makeMessages(60), liveAssistant()];
    mounted = mount(
      <Profiler id="transcript" onRender={countCommit}>
        <Transcript style={{ height: '100%' }} messages={messages} live={{ messageId: 'live', stream }} />
      </Profiler>,
    );
    const finished = stream.start();
    await body.requested;
    await frames(3);
    commitsPerFrame.clear();
    const rowsBefore = new Set([...document.querySelectorAll<HTMLElement>('[data-message-id]')].map((element) => element.dataset.messageId));

    // One paragraph per frame: the live row grows by a line or two each flush.
    for (let step = 0; step < 40; step += 1) {
      body.push(`Paragraph ${step}: ${'streamed words '.repeat(8)}\n\n`);
      await frames(1);
    }
    await frames(3);

    const rowsAfter = new Set([...document.querySelectorAll<HTMLElement>('[data-message-id]')].map((element) => element.dataset.messageId));
    // The list itself re-rendered: rows that were in view have left the DOM.
    expect([...rowsBefore].filter((id) => !rowsAfter.has(id)).length).toBeGreaterThan(0);
    expect(commitsPerFrame.size).toBeGreaterThan(10);
    expect(Math.max(...commitsPerFrame.values())).toBe(1);
    body.end();
    await finished;
  });

  it('reads only the appended text from the stream, never a range twice', async () => {
    const body = createControlledBody();
    const stream = createTokenStream({ url: '/chat', fetch: body.fetch });
    const reads: Array<[number, number | undefined]> = [];
    // The renderer reads each text part by range (readPartText), never the joined text.
    const readPartText = stream.readPartText;
    stream.readPartText = (id, start, end) => {
      reads.push([start, end]);
      return readPartText(id, start, end);
    };
    render({ messages: [liveAssistant()], live: { messageId: 'live', stream } });
    const finished = stream.start();
    await body.requested;
    for (let step = 0; step < 5; step += 1) await pushAndShow(body, `Chunk ${step} of the answer. `);

    expect(reads.length).toBeGreaterThanOrEqual(5);
    reads.forEach(([start], index) => expect(start).toBe(index === 0 ? 0 : reads[index - 1]?.[1]));
    expect(row('live').textContent).toContain('Chunk 0 of the answer. Chunk 1');
    body.end();
    await finished;
  });
});

describe('<Transcript> in a hidden tab', () => {
  it('still shows tokens when the page is hidden and animation frames stop', async () => {
    const originalRequestFrame = window.requestAnimationFrame;
    const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState');
    const held: FrameRequestCallback[] = [];
    try {
      const { body, finished } = await startLive([{ id: 'q', role: 'user', text: 'Question' }, liveAssistant()]);
      await pushAndShow(body, 'Visible part. ');

      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      // A hidden tab gets no frames: hold every callback instead of running it, so only the
      // clock's low-rate timer can deliver the tokens below.
      window.requestAnimationFrame = (callback) => {
        held.push(callback);
        return held.length;
      };

      body.push('Written while hidden.');
      await vi.waitFor(() => expect(row('live').textContent).toContain('Written while hidden.'), { timeout: 3000 });
      body.end();
      await finished;
      expect(row('live').dataset.phase).toBe('done');
    } finally {
      window.requestAnimationFrame = originalRequestFrame;
      Reflect.deleteProperty(document, 'visibilityState');
      if (visibility) expect(document.visibilityState).toBe('visible');
      document.dispatchEvent(new Event('visibilitychange'));
      for (const callback of held) callback(performance.now());
    }
  });
});

describe('<Transcript> with useTranscript', () => {
  function Chat({ fetch, onReady }: { fetch: typeof globalThis.fetch; onReady: (controls: ReturnType<typeof useTranscript>) => void }) {
    const transcript = useTranscript({ url: '/chat', fetch });
    onReady(transcript);
    return <Transcript style={{ height: '100%' }} messages={transcript.messages} live={transcript.live} />;
  }

  function lastAssistant(): HTMLElement | null {
    const rows = document.querySelectorAll<HTMLElement>('[data-role="assistant"]');
    return rows[rows.length - 1] ?? null;
  }

  it('streams an answer into its row and commits it when it settles', async () => {
    const body = createControlledBody();
    let controls: ReturnType<typeof useTranscript> | null = null;
    mounted = mount(<Chat fetch={body.fetch} onReady={(next) => (controls = next)} />);
    let answer: Promise<unknown> = Promise.resolve();
    flushSync(() => {
      answer = controls!.send('Question');
    });
    await body.requested;
    expect(lastAssistant()?.getAttribute('aria-busy')).toBe('true');
    body.push('First words, ');
    body.push('then more.');
    await vi.waitFor(() => expect(lastAssistant()?.textContent).toContain('then more.'));
    expect(lastAssistant()?.getAttribute('aria-busy')).toBe('true');

    body.end();
    await answer;
    // Settled: the answer now lives in `messages` and the row renders from there.
    await vi.waitFor(() => expect(controls!.live).toBeNull());
    expect(controls!.messages.at(-1)?.text).toBe('First words, then more.');
    expect(lastAssistant()?.dataset.phase).toBe('done');
    expect(lastAssistant()?.getAttribute('aria-busy')).toBeNull();
    expect(lastAssistant()?.textContent).toContain('First words, then more.');
    expect(document.querySelector('[data-role="user"]')?.textContent).toContain('Question');
  });

  it('keeps the text shown so far and marks the row "Stopped" after stop()', async () => {
    const body = createControlledBody();
    let controls: ReturnType<typeof useTranscript> | null = null;
    mounted = mount(<Chat fetch={body.fetch} onReady={(next) => (controls = next)} />);
    flushSync(() => {
      void controls!.send('Question');
    });
    await body.requested;
    body.push('Partial answer');
    await vi.waitFor(() => expect(lastAssistant()?.textContent).toContain('Partial answer'));

    flushSync(() => controls!.stop());
    await vi.waitFor(() => expect(lastAssistant()?.dataset.phase).toBe('aborted'));
    expect(lastAssistant()?.getAttribute('aria-busy')).toBeNull();
    expect(lastAssistant()?.textContent).toContain('Partial answer');
    expect(lastAssistant()?.querySelector('.sluice-stopped')?.textContent).toBe('Stopped');
  });
});
