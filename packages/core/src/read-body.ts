import { createUtf8StreamDecoder, InvalidUtf8Error } from './decode';
import { openBodyReader } from './body-reader';
import { now } from './monotonic-now';
import type { ProtocolParser } from './types';

/** Decoded text above this size is parsed in slices, yielding between them, so no task runs long. */
const PARSE_SLICE_CHARS = 64 * 1024;

export interface ReadBodyHooks {
  /** Resolves when reading may continue: at once, or after the next flush if over the high-water mark. */
  waitForRoom(): Promise<void>;
  /** Resolves after the next flush (the next frame, with the default schedule). */
  waitForFlush(): Promise<void>;
  /** Bytes just read (for metrics, idle timeouts and the high-water mark). */
  onBytes(byteCount: number): void;
  /** False once the run is over (aborted, superseded or finished): stop at once. */
  isActive(): boolean;
  /** One read has been parsed. */
  afterParse(): void;
}

/** A protocol parser (or a user's `map` function) threw while reading a payload. */
export class ParseFailure extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ParseFailure';
  }
}

function parseOrFail(parse: () => void): void {
  try {
    parse();
  } catch (error) {
    throw new ParseFailure(error);
  }
}

async function parseOrFailAsync(parse: () => Promise<void>): Promise<void> {
  try {
    await parse();
  } catch (error) {
    throw new ParseFailure(error);
  }
}

/**
 * Reading and parsing a fast body can resolve read after read without ever giving the browser a
 * frame (in-memory bodies resolve as microtasks). After this much continuous work we wait for a flush.
 */
const TASK_BUDGET_MS = 8;

/**
 * Keeps reading and parsing from running as one long task: after `TASK_BUDGET_MS` of continuous
 * work it waits for the next flush, so the page paints what arrived before more is parsed.
 */
function createPacer(hooks: ReadBodyHooks): () => Promise<void> {
  let workStartedAt = now();
  return async () => {
    if (now() - workStartedAt <= TASK_BUDGET_MS) return;
    await hooks.waitForFlush();
    workStartedAt = now();
  };
}

async function feedSliced(
  parser: ProtocolParser,
  text: string,
  hooks: ReadBodyHooks,
  pace: () => Promise<void>,
): Promise<void> {
  if (text.length <= PARSE_SLICE_CHARS) {
    parser.feed(text);
    return;
  }
  let start = 0;
  while (start < text.length && hooks.isActive()) {
    let end = Math.min(start + PARSE_SLICE_CHARS, text.length);
    // Never cut a surrogate pair: text protocols emit slices as tokens.
    const lastCode = text.charCodeAt(end - 1);
    if (end < text.length && lastCode >= 0xd800 && lastCode <= 0xdbff) end -= 1;
    parser.feed(text.slice(start, end));
    start = end;
    if (start < text.length) await pace();
  }
}

/**
 * Pulls the body: read → decode → parse, pausing (no `read()`) while the un-flushed bytes are
 * over the high-water mark, so a slow consumer holds the producer back through TCP.
 * Throws what the reader throws (network resets, AbortError), InvalidUtf8Error, or ParseFailure.
 */
export async function readBody(
  body: ReadableStream<Uint8Array>,
  parser: ProtocolParser,
  hooks: ReadBodyHooks,
): Promise<void> {
  const reader = openBodyReader(body);
  const decoder = createUtf8StreamDecoder();
  const pace = createPacer(hooks);
  try {
    while (hooks.isActive()) {
      await pace();
      await hooks.waitForRoom();
      if (!hooks.isActive()) return;
      const { done, value } = await reader.read();
      if (!hooks.isActive()) return;
      if (done) break;
      hooks.onBytes(value.byteLength);
      let text: string;
      try {
        text = decoder.decode(value);
      } catch (error) {
        // Keep what decoded before an invalid byte, then report it.
        if (error instanceof InvalidUtf8Error) parseOrFail(() => parser.feed(error.validPrefix));
        throw error;
      }
      await parseOrFailAsync(() => feedSliced(parser, text, hooks, pace));
      hooks.afterParse();
    }
    if (!hooks.isActive()) return;
    const tail = decoder.end();
    parseOrFail(() => {
      parser.feed(tail);
      parser.end();
    });
  } finally {
    // Releases the connection when we stop early (done marker, protocol error, abort).
    reader.cancel().catch(() => {});
  }
}
