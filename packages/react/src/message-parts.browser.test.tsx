import { aiSdk, createTokenStream } from '@sluice/core';
import type { MessagePart } from '@sluice/core';
import { markdownBlock } from '@sluice/markdown';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createControlledBody } from './test-support/controlled-body.js';
import { frames, mount } from './test-support/mount.js';
import type { Mounted } from './test-support/mount.js';
import type { RenderPart } from './render-slots.js';
import { StreamText } from './stream-text.js';
import { Transcript } from './transcript.js';
import type { TranscriptMessage } from './transcript-message.js';

let mounted: Mounted | null = null;

afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** An AI SDK UI message stream written by hand, one SSE event per chunk. */
function aiSdkBody() {
  const body = createControlledBody('text/event-stream');
  return {
    ...body,
    send(...chunks: object[]) {
      body.push(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join(''));
    },
  };
}

function startStream(renderPart?: RenderPart) {
  const body = aiSdkBody();
  const stream = createTokenStream({ url: '/chat', fetch: body.fetch, protocol: aiSdk() });
  mounted = mount(<StreamText stream={stream} renderBlock={markdownBlock} renderPart={renderPart} allowImages />);
  const finished = stream.start();
  return { body, stream, finished };
}

function root(): HTMLElement {
  const element = mounted?.container.querySelector<HTMLElement>('.sluice-stream-text');
  if (!element) throw new Error('StreamText did not render');
  return element;
}

function query<T extends Element>(selector: string): T {
  const element = root().querySelector<T>(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  return element;
}

describe('parts in <StreamText>', () => {
  it('renders a streamed markdown answer incrementally: settled blocks keep their DOM nodes', async () => {
    const { body, finished } = startStream();
    await body.requested;
    body.send({ type: 'start' }, { type: 'text-start', id: 't1' }, { type: 'text-delta', id: 't1', delta: '# Plan\n\nFirst **bold** point.\n\n' });
    await vi.waitFor(() => expect(root().querySelector('strong')?.textContent).toBe('bold'));
    const heading = query<HTMLHeadingElement>('h1');
    const strong = query<HTMLElement>('strong');

    for (let step = 0; step < 5; step += 1) {
      body.send({ type: 'text-delta', id: 't1', delta: `Paragraph ${step} with \`code\`.\n\n` });
      await vi.waitFor(() => expect(root().textContent).toContain(`Paragraph ${step} with code.`));
      // The settled blocks were not rendered again: the very same elements.
      expect(query('h1')).toBe(heading);
      expect(query('strong')).toBe(strong);
    }
    expect(root().querySelectorAll('code')).toHaveLength(5);
    expect(root().getAttribute('aria-busy')).toBe('true');

    body.send({ type: 'text-end', id: 't1' }, { type: 'finish', finishReason: 'stop' });
    body.end();
    expect((await finished).phase).toBe('done');
    await frames(1);
    expect(root().getAttribute('aria-busy')).toBeNull();
    expect(query('h1')).toBe(heading);
  });

  it('never shows raw pipes once a table has its delimiter row', async () => {
    const { body, finished } = startStream();
    await body.requested;
    body.send({ type: 'text-start', id: 't1' }, { type: 'text-delta', id: 't1', delta: 'Results:\n\n| name | score |\n| --- | --- |\n' });
    await vi.waitFor(() => expect(root().querySelector('table')).not.toBeNull());
    expect(root().querySelector('table')?.textContent).not.toContain('|');

    // The rows arrive a few characters at a time, cut anywhere.
    const rows = '| ada | 10 |\n| grace | 9 |\n| linus | 8 |\n';
    for (let end = 3; end < rows.length + 3; end += 3) {
      body.send({ type: 'text-delta', id: 't1', delta: rows.slice(end - 3, end) });
      await frames(2);
      expect(root().querySelector('table')).not.toBeNull();
      expect(root().textContent).not.toContain('|');
    }
    expect([...root().querySelectorAll('tbody tr')].map((row) => row.textContent)).toEqual(['ada10', 'grace9', 'linus8']);
    body.send({ type: 'text-end', id: 't1' }, { type: 'finish' });
    body.end();
    await finished;
  });

  it('opens the reasoning while it streams and closes it, labelled with the time taken, when done', async () => {
    const { body, finished } = startStream();
    await body.requested;
    body.send({ type: 'reasoning-start', id: 'r1' }, { type: 'reasoning-delta', id: 'r1', delta: 'Let me think about ' });
    await vi.waitFor(() => expect(root().querySelector('details.sluice-reasoning')).not.toBeNull());
    const details = query<HTMLDetailsElement>('details.sluice-reasoning');
    expect(details.open).toBe(true);
    expect(details.querySelector('summary')?.textContent).toBe('Thinking…');
    // No live region inside: the reasoning is not announced token by token.
    expect(details.querySelector('[aria-live], [role="status"], [role="log"]')).toBeNull();

    body.send({ type: 'reasoning-delta', id: 'r1', delta: 'the question.' });
    await vi.waitFor(() => expect(details.textContent).toContain('Let me think about the question.'));
    expect(details.open).toBe(true);

    body.send({ type: 'reasoning-end', id: 'r1' }, { type: 'text-start', id: 't1' }, { type: 'text-delta', id: 't1', delta: 'The answer.' });
    await vi.waitFor(() => expect(root().textContent).toContain('The answer.'));
    await vi.waitFor(() => expect(details.querySelector('summary')?.textContent).toMatch(/^Thought for \d+ s$/));
    expect(details.open).toBe(false);
    // Same element: the region was closed, not replaced.
    expect(query('details.sluice-reasoning')).toBe(details);
    // Reasoning comes before the text, in arrival order.
    expect(details.compareDocumentPosition(query('.sluice-part--text')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    body.send({ type: 'text-end', id: 't1' }, { type: 'finish' });
    body.end();
    await finished;
  });

  it('moves a tool card through its states, streaming the input and pretty-printing it once valid', async () => {
    const { body, finished } = startStream();
    await body.requested;
    const card = () => query<HTMLElement>('.sluice-tool');
    const badge = () => card().querySelector('.sluice-tool-badge')?.textContent;

    body.send({ type: 'tool-input-start', toolCallId: 'call-1', toolName: 'get_weather' }, { type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta: '{"city":' });
    await vi.waitFor(() => expect(card().dataset.partState).toBe('input-streaming'));
    expect(card().querySelector('.sluice-tool-name')?.textContent).toBe('get_weather');
    expect(badge()).toBe('Running');
    expect(card().querySelector('.sluice-tool-input')?.textContent).toBe('{"city":');

    body.send({ type: 'tool-input-delta', toolCallId: 'call-1', inputTextDelta: '"Oslo"}' });
    await vi.waitFor(() => expect(card().querySelector('.sluice-tool-input')?.textContent).toBe('{\n  "city": "Oslo"\n}'));

    body.send({ type: 'tool-input-available', toolCallId: 'call-1', toolName: 'get_weather', input: { city: 'Oslo' } });
    await vi.waitFor(() => expect(card().dataset.partState).toBe('input-available'));
    expect(badge()).toBe('Running');
    expect(card().querySelector('.sluice-tool-output')).toBeNull();

    body.send({ type: 'tool-output-available', toolCallId: 'call-1', output: { celsius: 4 } });
    await vi.waitFor(() => expect(card().dataset.partState).toBe('output-available'));
    expect(badge()).toBe('Done');
    expect(card().querySelector('.sluice-tool-output')?.textContent).toBe('{\n  "celsius": 4\n}');

    body.send(
      { type: 'tool-input-available', toolCallId: 'call-2', toolName: 'book_flight', input: { to: 'LIS' } },
      { type: 'tool-output-error', toolCallId: 'call-2', errorText: 'No seats left' },
    );
    await vi.waitFor(() => expect(root().querySelectorAll('.sluice-tool')).toHaveLength(2));
    const failed = root().querySelectorAll<HTMLElement>('.sluice-tool')[1];
    expect(failed?.dataset.partState).toBe('output-error');
    expect(failed?.querySelector('.sluice-tool-badge')?.textContent).toBe('Error');
    expect(failed?.querySelector('.sluice-tool-error')?.textContent).toBe('No seats left');

    body.send(
      { type: 'tool-input-available', toolCallId: 'call-3', toolName: 'delete_files', input: {} },
      { type: 'tool-approval-request', toolCallId: 'call-3', approvalId: 'a1' },
    );
    await vi.waitFor(() => expect(root().querySelectorAll('.sluice-tool')).toHaveLength(3));
    const asking = root().querySelectorAll<HTMLElement>('.sluice-tool')[2];
    await vi.waitFor(() => expect(asking?.querySelector('.sluice-tool-badge')?.textContent).toBe('Awaiting approval'));
    body.send({ type: 'tool-output-denied', toolCallId: 'call-3' });
    await vi.waitFor(() => expect(asking?.querySelector('.sluice-tool-badge')?.textContent).toBe('Denied'));
    body.send({ type: 'finish', finishReason: 'tool-calls' });
    body.end();
    await finished;
  });

  it('shows sources as links for http(s) only, and image files as images only for http(s)', async () => {
    const { body, finished } = startStream();
    await body.requested;
    body.send(
      { type: 'source-url', sourceId: 's1', url: 'https://example.com/a', title: 'Example A' },
      { type: 'source-url', sourceId: 's2', url: 'javascript:alert(1)', title: 'Trap' },
      { type: 'file', url: 'https://example.com/cat.png', mediaType: 'image/png' },
      { type: 'file', url: 'data:image/png;base64,AAAA', mediaType: 'image/png' },
      { type: 'finish' },
    );
    body.end();
    await finished;
    await frames(1);
    const links = [...root().querySelectorAll<HTMLAnchorElement>('.sluice-sources a')];
    expect(links.map((link) => [link.textContent, link.getAttribute('href'), link.rel])).toEqual([['Example A', 'https://example.com/a', 'noopener noreferrer']]);
    expect(root().querySelector('.sluice-sources')?.textContent).toContain('Trap');
    const images = [...root().querySelectorAll('img')];
    expect(images.map((image) => image.getAttribute('src'))).toEqual(['https://example.com/cat.png']);
    for (const element of root().querySelectorAll('[href], [src]')) {
      expect(element.getAttribute('href') ?? element.getAttribute('src')).toMatch(/^https:/);
    }
  });

  it('lets renderPart override any part, wrap the default, and show data parts', async () => {
    const seen: string[] = [];
    const renderPart: RenderPart = (part: MessagePart, defaultRender) => {
      seen.push(part.type);
      if (part.type === 'tool') return <div className="custom-tool">Calling {part.name}</div>;
      if (part.type === 'data') return <output className="custom-data">{JSON.stringify(part.data)}</output>;
      return <section className="wrapped">{defaultRender()}</section>;
    };
    const { body, finished } = startStream(renderPart);
    await body.requested;
    body.send(
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'search', input: { q: 'x' } },
      { type: 'data-weather', id: 'w1', data: { celsius: 21 } },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Sunny.' },
      { type: 'text-end', id: 't1' },
      { type: 'finish' },
    );
    body.end();
    await finished;
    await frames(1);
    expect(root().querySelector('.custom-tool')?.textContent).toBe('Calling search');
    expect(root().querySelector('.sluice-tool')).toBeNull();
    expect(root().querySelector('.custom-data')?.textContent).toBe('{"celsius":21}');
    expect(root().querySelector('.wrapped .sluice-part--text')?.textContent).toBe('Sunny.');
    expect(new Set(seen)).toEqual(new Set(['tool', 'data', 'text']));
  });
});

describe('parts re-render', () => {
  it('renders only the live part per frame: settled parts are skipped by identity', async () => {
    const renders: string[] = [];
    const countingRender: RenderPart = (part, defaultRender) => {
      renders.push(part.id);
      return defaultRender();
    };
    const { body, finished } = startStream(countingRender);
    await body.requested;
    body.send(
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'Considering.' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'search', input: { q: 'x' } },
      { type: 'tool-output-available', toolCallId: 'c1', output: 'found' },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'First words' },
    );
    await vi.waitFor(() => expect(root().textContent).toContain('First words'));
    await vi.waitFor(() => expect(query('details.sluice-reasoning summary').textContent).toMatch(/^Thought for/));
    renders.length = 0;

    for (let step = 0; step < 5; step += 1) {
      body.send({ type: 'text-delta', id: 't1', delta: ` and more ${step}` });
      await vi.waitFor(() => expect(root().textContent).toContain(`and more ${step}`));
    }
    expect(renders.length).toBeGreaterThanOrEqual(5);
    expect(new Set(renders)).toEqual(new Set(['t1']));
    body.send({ type: 'text-end', id: 't1' }, { type: 'finish' });
    body.end();
    await finished;
  });
});

describe('parts in <Transcript>', () => {
  it('still virtualizes 10,000 messages of markdown: fewer than 60 rows in the DOM', async () => {
    const messages: TranscriptMessage[] = Array.from({ length: 10_000 }, (_, index) => ({
      id: `m${index}`,
      role: index % 2 === 0 ? 'user' : 'assistant',
      text: `## Answer ${index}\n\n- one **bold** item\n- two\n\n| a | b |\n| - | - |\n| ${index} | x |`,
    }));
    mounted = mount(<Transcript style={{ height: '100%' }} messages={messages} renderBlock={markdownBlock} />);
    await frames(3);
    const rows = mounted.container.querySelectorAll('[data-message-id]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    const container = mounted.container;
    // Opens at the latest message, rendered as markdown.
    await vi.waitFor(() => expect(container.querySelector('[data-message-id="m9999"] h2')?.textContent).toBe('Answer 9999'));
    // Blocks past a commit's render budget become markdown in the frames that follow.
    await vi.waitFor(() => expect(container.querySelector('[data-message-id="m9999"] table')).not.toBeNull());
    expect(container.querySelectorAll('[data-message-id]').length).toBeLessThan(60);
  });

  it('renders a settled message with parts in order and keeps aria-busy off it', async () => {
    const parts: MessagePart[] = [
      { type: 'reasoning', id: 'r', text: 'Thinking it over.', state: 'done' },
      { type: 'tool', id: 'c', name: 'lookup', inputText: '{"q":1}', input: { q: 1 }, output: 'found', state: 'output-available' },
      { type: 'text', id: 't', text: 'Here you go.', state: 'done' },
    ];
    const messages: TranscriptMessage[] = [{ id: 'a', role: 'assistant', text: 'Here you go.', parts, phase: 'done' }];
    mounted = mount(<Transcript style={{ height: '100%' }} messages={messages} />);
    await frames(2);
    const row = mounted.container.querySelector<HTMLElement>('[data-message-id="a"]');
    const order = [...(row?.querySelectorAll<HTMLElement>('.sluice-part') ?? [])].map((element) => element.className.split(' ')[1]);
    expect(order).toEqual(['sluice-reasoning', 'sluice-tool', 'sluice-part--text']);
    expect(row?.querySelector<HTMLDetailsElement>('details')?.open).toBe(false);
    expect(row?.getAttribute('aria-busy')).toBeNull();
  });
});
