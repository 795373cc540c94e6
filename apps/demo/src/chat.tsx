/**
 * A complete streaming chat on @sluice/react. Copy this file into your app, point `url` at your
 * endpoint, import '@sluice/react/styles.css' once, and you are done.
 */
import { StatusLine, StopButton, Transcript, useTranscript } from '@sluice/react';
import type { TranscriptMessage, UseTranscriptOptions } from '@sluice/react';
import type { TokenStream } from '@sluice/core';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

export interface ChatProps extends Pick<UseTranscriptOptions, 'url' | 'fetch' | 'protocol' | 'highWaterMark' | 'timeouts'> {
  /** The earlier conversation, read on mount. */
  initialMessages?: TranscriptMessage[];
  /** Called when an answer starts streaming, e.g. to chart its metrics or look it up on the server. */
  onAnswerStart?: (answer: { requestId: string; stream: TokenStream }) => void;
}

/** How many earlier messages go to the server with each prompt (the rest stay on screen only). */
const contextMessages = 20;

let requestCounter = 0;
function createRequestId(): string {
  requestCounter += 1;
  return `chat-${Date.now().toString(36)}-${requestCounter}`;
}

export function Chat({ url, fetch, protocol, highWaterMark, timeouts, initialMessages, onAnswerStart }: ChatProps) {
  const [prompt, setPrompt] = useState('');
  // Each request carries an id, so server logs (and the mock producer's /stats) can find it.
  const [requestId, setRequestId] = useState<string | null>(null);
  const requestIdRef = useRef<string | null>(null);

  const { messages, live, send, stop } = useTranscript({
    url,
    fetch,
    protocol,
    highWaterMark,
    timeouts,
    initialMessages,
    init: { headers: { 'Content-Type': 'application/json' } },
    body: (input, history) =>
      JSON.stringify({
        id: requestIdRef.current,
        prompt: input,
        messages: history.slice(-contextMessages).map(({ role, text }) => ({ role, text })),
      }),
  });

  useEffect(() => {
    if (live !== null && requestIdRef.current !== null) onAnswerStart?.({ requestId: requestIdRef.current, stream: live.stream });
  }, [live, onAnswerStart]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const input = prompt.trim();
    if (input === '') return;
    const id = createRequestId();
    requestIdRef.current = id;
    setRequestId(id);
    setPrompt('');
    void send(input);
  }

  function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) submit(event);
  }

  // While nothing streams, the status line tells how the last streamed answer ended (plain
  // messages, like a loaded history, have no phase and leave it empty).
  const lastMessage = messages.at(-1);
  const settledPhase = live === null ? lastMessage?.phase : undefined;

  return (
    <section className="chat" aria-label="Chat" data-stream-id={requestId ?? undefined}>
      <Transcript messages={messages} live={live} className="chat-transcript" />
      <StatusLine
        className="chat-status"
        stream={live?.stream}
        phase={settledPhase}
        error={settledPhase === undefined ? undefined : (lastMessage?.error ?? null)}
      />
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-prompt">Prompt</label>
        <textarea
          id="chat-prompt"
          rows={2}
          value={prompt}
          placeholder="Ask something (Enter sends, Shift+Enter adds a line)"
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={submitOnEnter}
        />
        <div className="chat-actions">
          <button type="submit" disabled={prompt.trim() === ''}>
            Send
          </button>
          <StopButton stream={live?.stream} onStop={stop} />
        </div>
      </form>
    </section>
  );
}
