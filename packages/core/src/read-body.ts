import { createUtf8StreamDecoder, InvalidUtf8Error } from './decode.js';
import { openBodyReader } from './body-reader.js';
import { now } from './monotonic-now.js';
import type { ProtocolParser } from './types.js';
import { yieldToHost } from './yield-to-host.js';

/** Decoded text above this size is parsed in slices, yielding between them, so no task runs long. */
const PARSE_SLICE_CHARS = 64 * 1024;

/**
 * Continuous reading and parsing before the loop yields to the browser. In-memory and fast
 * bodies resolve read after read as microtasks, which would otherwise starve input and frames.
 */
const TASK_BUDGET_MS = 8;

/** How the run steers the read loop. */
export interface BodyReadControl {
  /** False once the run is over (finished, aborted or superseded): the loop stops at once. */
  isActive(): boolean;
  /**
   * One read was decoded and parsed. Resolves when the next read may start: at once, or after
   * the next flush while the unpublished bytes are over the high-water mark.
   */
  afterRead(byteCount: number): Promise<void> | void;
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

/**
 * Gives the browser a turn after `TASK_BUDGET_MS` of continuous work. It never waits for a
 * flush: pacing reads to frames would couple read throughput to render cost.
 */
function createTaskBudget(): () => Promise<void> | undefined {
  let sliceStartedAt = now();
  return () => {
    if (now() - sliceStartedAt <= TASK_BUDGET_MS) return undefined;
    return yieldToHost().then(() => {
      sliceStartedAt = now();
    });
  };
}

async function feedSliced(
  parser: ProtocolParser,
  text: string,
  control: BodyReadControl,
  yieldIfOverBudget: () => Promise<void> | undefined,
): Promise<void> {
  if (text.length <= PARSE_SLICE_CHARS) {
    parseOrFail(() => parser.feed(text));
    return;
  }
  let start = 0;
  while (start < text.length && control.isActive()) {
    let end = Math.min(start + PARSE_SLICE_CHARS, text.length);
    // Never cut a surrogate pair: text protocols emit slices as tokens.
    const lastCode = text.charCodeAt(end - 1);
    if (end < text.length && lastCode >= 0xd800 && lastCode <= 0xdbff) end -= 1;
    const slice = text.slice(start, end);
    parseOrFail(() => parser.feed(slice));
    start = end;
    if (start < text.length) await yieldIfOverBudget();
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
  control: BodyReadControl,
): Promise<void> {
  const reader = openBodyReader(body);
  const decoder = createUtf8StreamDecoder();
  const yieldIfOverBudget = createTaskBudget();
  try {
    while (control.isActive()) {
      await yieldIfOverBudget();
      if (!control.isActive()) return;
      const { done, value } = await reader.read();
      if (!control.isActive()) return;
      if (done) break;
      let text: string;
      try {
        text = decoder.decode(value);
      } catch (error) {
        // Keep what decoded before an invalid byte, then report it.
        if (error instanceof InvalidUtf8Error) {
          parseOrFail(() => parser.feed(error.validPrefix));
          void control.afterRead(value.byteLength);
        }
        throw error;
      }
      await feedSliced(parser, text, control, yieldIfOverBudget);
      await control.afterRead(value.byteLength);
    }
    if (!control.isActive()) return;
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
