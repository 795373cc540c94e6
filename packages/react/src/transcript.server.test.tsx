// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { StatusLine } from './status-line.js';
import { StopButton } from './stop-button.js';
import { Transcript } from './transcript.js';
import type { TranscriptMessage } from './transcript-message.js';

function conversation(count: number): TranscriptMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `message-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: `Message number ${index} <b>stays text</b>`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
}

let consoleError: MockInstance<typeof console.error>;
let consoleWarn: MockInstance<typeof console.warn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
  consoleWarn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  consoleError.mockRestore();
  consoleWarn.mockRestore();
});

describe('<Transcript> on the server', () => {
  it('renders the latest messages (not an empty log), as text, without warnings', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(<Transcript messages={conversation(2000)} style={{ height: 480 }} />);

    expect(html).toContain('role="log"');
    const ids = [...html.matchAll(/data-message-id="([^"]+)"/gu)].map((match) => match[1]);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, offset) => `message-${1980 + offset}`));
    // Markup in the text is escaped, never parsed.
    expect(html).toContain('&lt;b&gt;stays text&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  it('renders as many of the latest messages as serverRenderCount says, and all of a short conversation', () => {
    const five = renderToString(<Transcript messages={conversation(100)} serverRenderCount={5} />);
    expect([...five.matchAll(/data-message-id="([^"]+)"/gu)].map((match) => match[1])).toEqual(['message-95', 'message-96', 'message-97', 'message-98', 'message-99']);
    const short = renderToString(<Transcript messages={conversation(3)} />);
    expect([...short.matchAll(/data-message-id/gu)]).toHaveLength(3);
  });

  it('renders StatusLine and StopButton without a store', () => {
    const html = renderToString(
      <>
        <StatusLine phase="done" />
        <StopButton onStop={() => {}} />
      </>,
    );
    expect(html).toContain('role="status"');
    expect(html).toContain('Done');
    expect(html).toContain('Stop</button>');
    expect(consoleError).not.toHaveBeenCalled();
  });
});
