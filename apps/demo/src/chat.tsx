/**
 * A complete streaming chat on @sluice/react. Copy this file into your app, point `url` at your
 * endpoint, and import '@sluice/react/styles.css' once: the layout (`.sluice-chat`, a column
 * that fills its container with the log above the prompt) comes from that stylesheet, so the
 * log scrolls and stays virtualized without any CSS of your own.
 *
 * Keyboard: Enter sends, Shift+Enter adds a line, Escape stops the answer from anywhere in the
 * chat, and focus goes back to the prompt after Stop and when an answer settles.
 */
import { StatusLine, StopButton, Transcript, useTranscript } from '@sluice/react';
import type { RenderBlock, TranscriptMessage, UseTranscriptOptions } from '@sluice/react';
import type { StreamSnapshot, TokenStream } from '@sluice/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

export interface ChatProps extends Pick<UseTranscriptOptions, 'url' | 'fetch' | 'protocol' | 'highWaterMark' | 'timeouts' | 'pace'> {
  /**
   * A GET endpoint that replays an answer after a dropped connection: `?id=<request id>` with
   * `Last-Event-ID: <cursor>`. Without it a drop ends the answer (the prompt is never re-sent).
   */
  resumeUrl?: string;
  /** The earlier conversation, read on mount. */
  initialMessages?: TranscriptMessage[];
  /** Called when an answer starts streaming, e.g. to chart its metrics or look it up on the server. */
  onAnswerStart?: (answer: { requestId: string; stream: TokenStream }) => void;
  /** Renders each block of text, e.g. `markdownBlock`; plain text when absent. */
  renderBlock?: RenderBlock;
}

/** How many earlier messages go to the server with each prompt (the rest stay on screen only). */
const contextMessages = 20;

let requestCounter = 0;
function createRequestId(): string {
  requestCounter += 1;
  return `chat-${Date.now().toString(36)}-${requestCounter}`;
}

export function Chat({ url, fetch, protocol, highWaterMark, timeouts, pace, initialMessages, onAnswerStart, resumeUrl, renderBlock }: ChatProps) {
  const [prompt, setPrompt] = useState('');
  const [emptyPromptTried, setEmptyPromptTried] = useState(false);
  // Each request carries an id, so server logs (and the mock producer's /stats) can find it.
  const [requestId, setRequestId] = useState<string | null>(null);
  const requestIdRef = useRef<string | null>(null);
  const chatRef = useRef<HTMLElement>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  const { messages, live, send, stop, retry, isStreaming } = useTranscript({
    url,
    fetch,
    protocol,
    highWaterMark,
    timeouts,
    pace,
    initialMessages,
    init: { headers: { 'Content-Type': 'application/json' } },
    resume:
      resumeUrl === undefined
        ? undefined
        : (cursor) =>
            cursor === null || requestIdRef.current === null
              ? null
              : {
                  url: `${resumeUrl}?id=${encodeURIComponent(requestIdRef.current)}`,
                  init: { headers: { 'Last-Event-ID': cursor } },
                },
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

  function focusPrompt() {
    promptRef.current?.focus();
  }

  // When an answer settles, the prompt gets focus back, unless the user went elsewhere meanwhile,
  // or is on a touch screen, where focusing the prompt would pop up the keyboard unasked.
  function focusPromptWhenSettled(answer: Promise<StreamSnapshot>) {
    void answer.then(() => {
      if (window.matchMedia?.('(pointer: coarse)').matches) return;
      const focused = document.activeElement;
      if (focused === null || focused === document.body || chatRef.current?.contains(focused)) focusPrompt();
    });
  }

  function beginRequest() {
    const id = createRequestId();
    requestIdRef.current = id;
    setRequestId(id);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const input = prompt.trim();
    if (input === '') {
      // Send stays enabled (and reachable by Tab); an empty prompt says what is missing instead.
      setEmptyPromptTried(true);
      focusPrompt();
      return;
    }
    beginRequest();
    setPrompt('');
    setEmptyPromptTried(false);
    focusPromptWhenSettled(send(input));
  }

  function retryAnswer(messageId: string) {
    beginRequest();
    focusPromptWhenSettled(retry(messageId));
  }

  function stopAndFocus() {
    stop();
    focusPrompt();
  }

  function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  function stopOnEscape(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || !isStreaming) return;
    event.preventDefault();
    stopAndFocus();
  }

  // While nothing streams, the status line tells how the last streamed answer ended (plain
  // messages, like a loaded history, have no phase and leave it empty).
  const lastMessage = messages.at(-1);
  const settledPhase = live === null ? lastMessage?.phase : undefined;
  const hint = emptyPromptTried
    ? 'Type a prompt first.'
    : isStreaming
      ? 'Escape or Stop ends the answer.'
      : 'Enter sends, Shift+Enter adds a line.';

  return (
    <section ref={chatRef} className="sluice-chat" aria-label="Chat" data-stream-id={requestId ?? undefined} onKeyDown={stopOnEscape}>
      <Transcript messages={messages} live={live} className="sluice-chat__log" onRetry={retryAnswer} showCopyButton renderBlock={renderBlock} />
      <StatusLine
        className="sluice-chat__status"
        stream={live?.stream}
        phase={settledPhase}
        error={settledPhase === undefined ? undefined : (lastMessage?.error ?? null)}
      />
      <form className="sluice-composer" onSubmit={submit}>
        <label className="sluice-composer__label" htmlFor="chat-prompt">
          Prompt
        </label>
        <div className="sluice-composer__box">
          <textarea
            ref={promptRef}
            id="chat-prompt"
            className="sluice-composer__input"
            rows={1}
            value={prompt}
            placeholder="Ask something"
            aria-describedby={hintId}
            onChange={(event) => {
              setPrompt(event.target.value);
              setEmptyPromptTried(false);
            }}
            onKeyDown={submitOnEnter}
          />
          <div className="sluice-composer__actions">
            <button type="submit" className="sluice-composer__button sluice-composer__button--primary" aria-describedby={hintId}>
              Send
            </button>
            <StopButton className="sluice-composer__button" stream={live?.stream} onStop={stopAndFocus} aria-describedby={hintId} />
          </div>
        </div>
        <p id={hintId} className="sluice-composer__hint" aria-live="polite">
          {hint}
        </p>
      </form>
    </section>
  );
}
