import { createTokenStream } from '@sluice/core';
import { hydrateRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import './styles.css';
import { createControlledBody } from './test-support/controlled-body.js';
import { frames, mount } from './test-support/mount.js';
import type { Mounted } from './test-support/mount.js';
import { Transcript } from './transcript.js';
import type { TranscriptMessage } from './transcript-message.js';

let mounted: Mounted | null = null;
const cleanups: Array<() => void> = [];

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  for (const cleanup of cleanups.splice(0)) cleanup();
  vi.restoreAllMocks();
});

function makeMessages(count: number): TranscriptMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `message-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: `Message ${index}. ${'Lorem ipsum dolor sit amet. '.repeat(1 + (index % 5))}`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
}

function rowCount(): number {
  return document.querySelectorAll('[data-message-id]').length;
}

describe('<Transcript> server render, hydrated in Chromium', () => {
  it('hydrates the server markup without a mismatch, then virtualizes', async () => {
    const messages = makeMessages(2000);
    const app = (
      <div style={{ height: 400, display: 'flex', flexDirection: 'column' }}>
        <Transcript messages={messages} style={{ flex: '1 1 auto' }} />
      </div>
    );
    const container = document.createElement('div');
    document.body.append(container);
    // The server's markup, as a server-rendered page would ship it (a test fixture, not streamed text).
    container.innerHTML = renderToString(app);
    expect(container.querySelector('[data-message-id="message-1999"]')).not.toBeNull();
    expect(rowCount()).toBe(20);

    const recoverable: unknown[] = [];
    const consoleError = vi.spyOn(console, 'error');
    let root: Root | null = null;
    root = hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) });
    cleanups.push(() => {
      root?.unmount();
      container.remove();
    });
    await frames(4);

    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    // After hydration the rows are the virtualizer's: the latest message, a window of rows, absolutely placed.
    await vi.waitFor(() => expect(document.querySelector<HTMLElement>('[data-message-id="message-1999"]')?.style.position).toBe('absolute'));
    expect(rowCount()).toBeGreaterThan(0);
    expect(rowCount()).toBeLessThan(60);
    const log = container.querySelector<HTMLElement>('[role="log"]');
    expect(log === null ? Number.NaN : log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThanOrEqual(1);
  });
});

describe('<Transcript> in an unbounded container', () => {
  it('warns once, in development, saying how to bound it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const container = document.createElement('div');
    document.body.append(container);
    mounted = mount(<Transcript messages={makeMessages(120)} />, { width: 600, height: 400 });
    // An unbounded parent: the default block layout, no height.
    mounted.container.style.cssText = 'width:600px';
    mounted.render(<Transcript messages={makeMessages(121)} />);
    await frames(4);
    mounted.render(<Transcript messages={makeMessages(122)} />);
    await frames(2);

    expect(rowCount()).toBe(122);
    const unboundedWarnings = warn.mock.calls.filter(([message]) => String(message).includes('no bounded height'));
    expect(unboundedWarnings).toHaveLength(1);
    expect(String(unboundedWarnings[0]?.[0])).toContain('.sluice-chat');
    container.remove();
  });
});

describe('the .sluice-chat layout from styles.css', () => {
  it('bounds the log inside a container of no fixed height, so 2,000 messages stay virtualized', async () => {
    const warn = vi.spyOn(console, 'warn');
    mounted = mount(
      <section className="sluice-chat">
        <Transcript messages={makeMessages(2000)} className="sluice-chat__log" />
        <form className="sluice-composer">
          <textarea className="sluice-composer__input" aria-label="Prompt" />
        </form>
      </section>,
    );
    mounted.container.style.cssText = 'width:600px';
    await frames(4);

    expect(rowCount()).toBeGreaterThan(0);
    expect(rowCount()).toBeLessThan(60);
    const composer = document.querySelector('.sluice-composer')?.getBoundingClientRect();
    expect(composer?.bottom ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(window.innerHeight + 1);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('<Transcript> when the log itself resizes', () => {
  it('stays at the end and keeps following when the log gets shorter (a growing prompt box, a phone keyboard)', async () => {
    const messages = makeMessages(300);
    mounted = mount(<Transcript messages={messages} style={{ height: '100%' }} />);
    await frames(4);
    const log = document.querySelector<HTMLElement>('[role="log"]');
    if (log === null) throw new Error('no log');
    const distanceFromEnd = () => log.scrollHeight - log.scrollTop - log.clientHeight;
    expect(distanceFromEnd()).toBeLessThanOrEqual(1);

    mounted.container.style.height = '360px';
    await frames(3);
    expect(distanceFromEnd()).toBeLessThanOrEqual(1);

    mounted.render(<Transcript messages={[...messages, { id: 'appended', role: 'assistant', text: 'A new answer', phase: 'done' }]} style={{ height: '100%' }} />);
    await vi.waitFor(() => expect(document.querySelector('[data-message-id="appended"]')).not.toBeNull());
    await frames(3);
    expect(distanceFromEnd()).toBeLessThanOrEqual(1);
    expect([...document.querySelectorAll('button')].some((button) => button.textContent?.startsWith('Jump to latest'))).toBe(false);
  });
});

describe('<Transcript> message actions', () => {
  it('offers Copy on settled answers, which writes the answer text to the clipboard', async () => {
    const writes: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text) => {
      writes.push(text);
    });
    const messages: TranscriptMessage[] = [
      { id: 'question', role: 'user', text: 'What is a sluice?' },
      { id: 'answer', role: 'assistant', text: 'A gate that controls the flow.', phase: 'done' },
    ];
    mounted = mount(<Transcript messages={messages} showCopyButton style={{ height: '100%' }} />);
    await frames(2);

    expect(document.querySelector('[data-message-id="question"] button')).toBeNull();
    const copy = document.querySelector<HTMLButtonElement>('[data-message-id="answer"] button[aria-label="Copy answer"]');
    expect(copy).not.toBeNull();
    // Icon buttons: the row's text is still the message alone.
    expect(document.querySelector('[data-message-id="answer"]')?.textContent).toBe('A gate that controls the flow.');
    copy?.click();
    await vi.waitFor(() => expect(writes).toEqual(['A gate that controls the flow.']));
    await vi.waitFor(() => expect(copy?.getAttribute('aria-label')).toBe('Copied'));
  });

  it('selects the text and says how to copy when the Clipboard API refuses', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    const messages: TranscriptMessage[] = [{ id: 'answer', role: 'assistant', text: 'Copy me by hand.', phase: 'done' }];
    mounted = mount(<Transcript messages={messages} showCopyButton style={{ height: '100%' }} />);
    await frames(2);
    document.querySelector<HTMLButtonElement>('button[aria-label="Copy answer"]')?.click();
    await vi.waitFor(() => expect(document.querySelector('.sluice-action-hint')?.textContent).toMatch(/press Ctrl\+C/u));
    expect(window.getSelection()?.toString()).toBe('Copy me by hand.');
  });

  it('offers Retry on failed and stopped answers only, and calls onRetry with the answer id', async () => {
    const onRetry = vi.fn();
    const messages: TranscriptMessage[] = [
      { id: 'q1', role: 'user', text: 'one' },
      { id: 'failed', role: 'assistant', text: 'Half', phase: 'error', error: { kind: 'network', message: 'The connection was lost.' } },
      { id: 'q2', role: 'user', text: 'two' },
      { id: 'stopped', role: 'assistant', text: 'Part', phase: 'aborted' },
      { id: 'q3', role: 'user', text: 'three' },
      { id: 'done', role: 'assistant', text: 'Whole', phase: 'done' },
    ];
    mounted = mount(<Transcript messages={messages} onRetry={onRetry} style={{ height: '100%' }} />);
    await frames(2);
    const retryIn = (id: string) => document.querySelector<HTMLButtonElement>(`[data-message-id="${id}"] button[aria-label="Retry"]`);
    expect(retryIn('done')).toBeNull();
    expect(retryIn('q1')).toBeNull();
    retryIn('stopped')?.click();
    retryIn('failed')?.click();
    expect(onRetry.mock.calls).toEqual([['stopped'], ['failed']]);
  });

  it('shows no actions on the streaming answer', async () => {
    const body = createControlledBody();
    const stream = createTokenStream({ url: '/chat', fetch: body.fetch });
    const messages: TranscriptMessage[] = [{ id: 'live', role: 'assistant', text: '', phase: 'connecting', status: null, error: null }];
    mounted = mount(<Transcript messages={messages} live={{ messageId: 'live', stream }} onRetry={() => {}} showCopyButton style={{ height: '100%' }} />);
    void stream.start();
    await body.requested;
    body.push('Streaming text');
    await vi.waitFor(() => expect(document.querySelector('[data-message-id="live"]')?.textContent).toContain('Streaming text'));
    expect(document.querySelector('[data-message-id="live"] button')).toBeNull();
    stream.abort();
  });
});
