import type { MessagePart, StreamError, StreamPhase, StreamStatus, TokenStream } from '@sluice/core';

/** Who wrote a message. */
export type MessageRole = 'user' | 'assistant' | 'system';

/** One row of a conversation. */
export interface TranscriptMessage {
  id: string;
  role: MessageRole;
  /** The text parts' texts joined with a blank line (a stream snapshot's `text`). */
  text: string;
  /**
   * The answer's parts in arrival order (reasoning, tool calls, sources, files, text), as the
   * stream's snapshot had them. Absent for plain messages, which render `text` alone.
   */
  parts?: readonly MessagePart[];
  /** Where the answer's stream ended (`done`, `error`, `aborted`), or `connecting` while it runs. Absent for plain messages. */
  phase?: StreamPhase;
  /** The last status update the answer's stream published. */
  status?: StreamStatus | null;
  /** Why the answer's stream failed, kept so the row can say so. */
  error?: StreamError | null;
}

/** The message being streamed right now and the store that feeds it. */
export interface LiveMessage {
  messageId: string;
  stream: TokenStream;
}
