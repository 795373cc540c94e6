import type { MessageEvent } from '../message-events.js';
import type { ProducerFinishReason, WireFormat } from '../producer-options.js';

/** A progress status update, sent every `statusEvery` tokens. */
export interface ProgressUpdate {
  /** 0–100: tokens sent so far over the token count. */
  percent: number;
  label: string;
}

/** What the terminal frames need to know. */
export interface StreamSummary {
  /** Deltas sent (reasoning, text and tool input). */
  tokenCount: number;
  /** The `finishReason` option, or null when none was asked for. */
  finishReason: ProducerFinishReason | null;
  /** Tool calls the message made. */
  toolCalls: number;
}

/**
 * Turns producer events into one wire format. Methods return the exact text to write, or `''`
 * when the format has no such event. Everything here is pure so browsers can use it too.
 */
export interface WireEncoder {
  readonly format: WireFormat;
  /** Response headers, Content-Type included. */
  readonly headers: Readonly<Record<string, string>>;
  /** Written before the first token (message start frames); `''` when there is none. */
  start(): string;
  /** One answer token into the open text part; `index` counts from 0 (a format may add keep-alive frames by it). */
  token(text: string, index: number): string;
  /** Every other message event (parts opening and closing, reasoning, tool calls, sources). */
  event(event: Exclude<MessageEvent, { type: 'text-delta' }>): string;
  /** A status update; `''` for formats that have none. */
  status(update: ProgressUpdate): string;
  /** The terminal marker(s) of a complete answer. */
  done(summary: StreamSummary): string;
  /** The format's error event, or `null` when it has none (the producer drops the connection instead). */
  error(message: string): string | null;
  /** One event the format's parser cannot read. */
  malformed(): Uint8Array;
}

/** `data:` lines for an SSE event: one line per `\n`, since SSE joins data lines with `\n`. */
export function sseData(data: string): string {
  // Always "data: " plus one space: a parser strips exactly one, so a leading space survives.
  return data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
}

/** A complete SSE frame, with an optional `event:` field. */
export function sseFrame(data: string, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}${sseData(data)}\n`;
}

const textEncoder = new TextEncoder();

/** Invalid UTF-8 (0xFF never occurs in UTF-8) wrapped in text, as bytes. */
export function withInvalidUtf8(before: string, after: string): Uint8Array {
  const head = textEncoder.encode(before);
  const tail = textEncoder.encode(after);
  const bytes = new Uint8Array(head.length + 2 + tail.length);
  bytes.set(head, 0);
  bytes.set([0xff, 0xfe], head.length);
  bytes.set(tail, head.length + 2);
  return bytes;
}
