import { createTokenStream } from '@sluice/core';
import type { StreamSnapshot, TokenStreamOptions } from '@sluice/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveMessage, TranscriptMessage } from './transcript-message.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

export interface UseTranscriptOptions extends TokenStreamOptions {
  /**
   * The conversation to start from; read on the first render only.
   * @defaultValue `[]`
   * @example `initialMessages: [{ id: 'welcome', role: 'assistant', text: 'How can I help?' }]`
   */
  initialMessages?: TranscriptMessage[];
  /**
   * Turns a prompt into the request body. `messages` is the conversation before this prompt
   * (without the new user message and its answer). When you pass this, no `Content-Type` is
   * added: set it in `init.headers` if your server needs one.
   * @defaultValue JSON `{ prompt: input, messages: [{ role, text }, …] }` with
   * `Content-Type: application/json`
   * @example `body: (input) => new URLSearchParams({ q: input })`
   */
  body?: (input: string, messages: readonly TranscriptMessage[]) => BodyInit;
  /**
   * Makes message ids.
   * @defaultValue `crypto.randomUUID()` where available, else a time-and-counter id
   * @example `createId: () => nanoid()`
   */
  createId?: () => string;
}

export interface UseTranscriptResult {
  /** The conversation. Changes only on send, settle and clear, never per token. */
  messages: TranscriptMessage[];
  /** The answer being streamed, for `<Transcript live>`; null when nothing streams. */
  live: LiveMessage | null;
  /**
   * Appends the user message and an assistant placeholder (phase `connecting`) and streams the
   * answer into it. A send while another answer streams stops that one first (it keeps phase
   * `aborted`). Resolves with the answer's final snapshot once it settles; never rejects.
   */
  send: (input: string) => Promise<StreamSnapshot>;
  /** Stops the streaming answer; it keeps the text shown so far and phase `aborted`. */
  stop: () => void;
  /** Stops any answer and empties the conversation. */
  clear: () => void;
  /**
   * Asks again: re-sends the prompt of the turn that `messageId` belongs to (an answer, or the
   * user message itself) as a new request, exactly like `send(prompt)`: a new user message and
   * a new answer are appended, and the earlier attempt stays in the conversation. Meant for a
   * Retry button on a failed or stopped answer; the kit never retries on its own. Throws when
   * no message has that id or no user message precedes it.
   * @example `<Transcript onRetry={retry} />`
   */
  retry: (messageId: string) => Promise<StreamSnapshot>;
  /** Whether an answer is streaming (`live !== null`). */
  isStreaming: boolean;
}


let fallbackIdCounter = 0;

function defaultCreateId(): string {
  // randomUUID is missing outside secure contexts (plain http on a LAN address).
  if (typeof globalThis.crypto?.randomUUID === 'function') return globalThis.crypto.randomUUID();
  fallbackIdCounter += 1;
  return `message-${Date.now().toString(36)}-${fallbackIdCounter}`;
}

function defaultBody(input: string, messages: readonly TranscriptMessage[]): string {
  // Only role and text: status payloads and error causes are UI state, not conversation.
  return JSON.stringify({ prompt: input, messages: messages.map(({ role, text }) => ({ role, text })) });
}

function settledFields(snapshot: StreamSnapshot): Pick<TranscriptMessage, 'text' | 'parts' | 'phase' | 'status' | 'error'> {
  // The snapshot's own part objects: the row's memoized part views skip them at settle.
  return { text: snapshot.text, parts: snapshot.parts, phase: snapshot.phase, status: snapshot.status, error: snapshot.error };
}

/**
 * Keeps a conversation and streams each answer from `@sluice/core`.
 *
 * The component that calls this hook re-renders only when a message is sent, settles or the
 * conversation is cleared: the streaming row subscribes to `live.stream` itself (as
 * `<Transcript>` does), so tokens never re-render the parent.
 *
 * @example
 * ```tsx
 * const { messages, live, send, stop, isStreaming } = useTranscript({ url: '/api/chat' });
 * ```
 */
export function useTranscript(options: UseTranscriptOptions): UseTranscriptResult {
  const [messages, setMessagesState] = useState<TranscriptMessage[]>(() => options.initialMessages ?? []);
  const [live, setLive] = useState<LiveMessage | null>(null);
  // The ref is the source of truth so `send` can read the history without being recreated.
  const messagesRef = useRef(messages);
  const liveRef = useRef<LiveMessage | null>(null);
  const optionsRef = useRef(options);
  const mountedRef = useRef(false);

  useIsomorphicLayoutEffect(() => {
    optionsRef.current = options;
    // The core reads a running answer's callbacks from its latest options, so a re-render
    // mid-answer swaps in the newest ones.
    const { onToken, onStatus, onFinish, onError } = options;
    liveRef.current?.stream.setOptions({ onToken, onStatus, onFinish, onError });
  });

  const setMessages = useCallback((next: TranscriptMessage[]) => {
    messagesRef.current = next;
    if (mountedRef.current) setMessagesState(next);
  }, []);

  const commit = useCallback(
    (messageId: string, snapshot: StreamSnapshot) => {
      const index = messagesRef.current.findIndex((message) => message.id === messageId);
      const current = messagesRef.current[index];
      // Cleared meanwhile, or already committed with this very snapshot by stop().
      if (current === undefined) return;
      if (current.text === snapshot.text && current.parts === snapshot.parts && current.phase === snapshot.phase && current.status === snapshot.status && current.error === snapshot.error) return;
      const next = messagesRef.current.slice();
      next[index] = { ...current, ...settledFields(snapshot) };
      setMessages(next);
    },
    [setMessages],
  );

  const release = useCallback((messageId: string) => {
    if (liveRef.current?.messageId !== messageId) return;
    liveRef.current = null;
    if (mountedRef.current) setLive(null);
  }, []);

  const stop = useCallback(() => {
    const current = liveRef.current;
    if (current === null) return;
    // abort() publishes phase 'aborted' synchronously, so the answer can be committed now
    // instead of a tick later when start()'s promise resolves.
    current.stream.abort();
    commit(current.messageId, current.stream.getSnapshot());
    release(current.messageId);
  }, [commit, release]);

  const send = useCallback(
    (input: string): Promise<StreamSnapshot> => {
      stop();
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- initialMessages is state
      const { initialMessages, body, createId = defaultCreateId, ...streamOptions } = optionsRef.current;
      const history = messagesRef.current;
      const userMessage: TranscriptMessage = { id: createId(), role: 'user', text: input };
      const assistantMessage: TranscriptMessage = { id: createId(), role: 'assistant', text: '', phase: 'connecting', status: null, error: null };

      const headers = new Headers(streamOptions.init?.headers);
      if (body === undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const init: RequestInit = {
        ...streamOptions.init,
        method: streamOptions.init?.method ?? 'POST',
        headers,
        body: (body ?? defaultBody)(input, history),
      };

      // One store per answer: a late settle of an old answer can never touch a newer one.
      const stream = createTokenStream({ ...streamOptions, init });
      // Started before the messages are added: misuse (no url, say) throws and leaves the
      // conversation as it was. The first publish ('connecting') lands in the same tick.
      const finished = stream.start();
      const nextLive: LiveMessage = { messageId: assistantMessage.id, stream };
      setMessages([...history, userMessage, assistantMessage]);
      liveRef.current = nextLive;
      if (mountedRef.current) setLive(nextLive);

      return finished.then((snapshot) => {
        commit(assistantMessage.id, snapshot);
        release(assistantMessage.id);
        return snapshot;
      });
    },
    [commit, release, setMessages, stop],
  );

  const retry = useCallback(
    (messageId: string): Promise<StreamSnapshot> => {
      const history = messagesRef.current;
      const index = history.findIndex((message) => message.id === messageId);
      if (index === -1) throw new Error(`useTranscript: retry("${messageId}") found no message with that id; pass the id of an answer in \`messages\`.`);
      // The turn's prompt is the nearest user message at or before the answer.
      for (let cursor = index; cursor >= 0; cursor -= 1) {
        const message = history[cursor];
        if (message?.role === 'user') return send(message.text);
      }
      throw new Error(`useTranscript: retry("${messageId}") found no user message before it, so there is no prompt to send again.`);
    },
    [send],
  );

  const clear = useCallback(() => {
    stop();
    setMessages([]);
  }, [setMessages, stop]);

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      // Unmount cancels the request; StrictMode's simulated unmount finds nothing running.
      liveRef.current?.stream.abort();
      liveRef.current = null;
    };
  }, []);

  return { messages, live, send, stop, clear, retry, isStreaming: live !== null };
}
