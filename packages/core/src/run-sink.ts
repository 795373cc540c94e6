import { callSafely } from './call-safely.js';
import type { PendingBuffer } from './pending-buffer.js';
import type { ActionSink, MessagePart, PartStart, StreamError, StreamMetrics, StreamStatus } from './types.js';

/** The metrics a run counts as it goes; duration, rate and flush interval are derived per snapshot. */
export type RunCounters = Omit<StreamMetrics, 'durationMs' | 'tokensPerSecond' | 'flushIntervalMs'>;

export type RunOutcome = { readonly phase: 'done' } | { readonly phase: 'error'; readonly error: StreamError };

/** What the sink needs from its run. */
export interface RunSinkTarget {
  readonly buffer: PendingBuffer;
  readonly counters: RunCounters;
  /**
   * False once the run accepts no more input (an outcome is recorded, it was aborted or
   * superseded), and while the events being parsed were delivered before (a replay).
   */
  isAccepting(): boolean;
  /** An event with this id begins: false when it is at or before the cursor, so it and what it carries are skipped. */
  admitEvent(id: string): boolean;
  /** The newest `onToken` and `onStatus` (latest-ref: a re-render's callbacks win). */
  onToken(): ((text: string) => void) | undefined;
  onStatus(): ((status: StreamStatus) => void) | undefined;
  /** Something streamed for the first time: record `firstTokenMs` and disarm its timeout. */
  firstToken(): void;
  requestFlush(): void;
  end(outcome: RunOutcome): void;
}

const PART_TYPES: ReadonlySet<string> = new Set<MessagePart['type']>(['text', 'reasoning', 'tool', 'source', 'file', 'data']);

function assertPart(part: PartStart): void {
  if (typeof part !== 'object' || part === null || typeof part.id !== 'string' || !PART_TYPES.has(part.type)) {
    throw new TypeError(
      'sluice: sink.start(part) needs { type, id } with a string id and a type of text, reasoning, tool, source, file or data.',
    );
  }
}

/** What a run's parser reports to; everything after the run stopped accepting input is ignored. */
export function createRunSink(target: RunSinkTarget): ActionSink {
  const { buffer, counters } = target;

  function countStreamed(): void {
    counters.tokens += 1;
    if (counters.firstTokenMs === null) target.firstToken();
  }

  return {
    token(text) {
      if (text === '' || !target.isAccepting()) return;
      buffer.token(text);
      countStreamed();
      const onToken = target.onToken();
      if (onToken) callSafely(onToken, text);
      target.requestFlush();
    },
    status(type, data) {
      if (!target.isAccepting()) return;
      if (buffer.status(type, data)) counters.droppedStatus += 1;
      callSafely(target.onStatus(), { type, data });
      target.requestFlush();
    },
    done() {
      target.end({ phase: 'done' });
    },
    error(kind, message, excerpt) {
      const error: StreamError = { kind, message };
      if (excerpt !== undefined) error.excerpt = excerpt;
      target.end({ phase: 'error', error });
    },
    start(part) {
      assertPart(part);
      if (!target.isAccepting()) return;
      buffer.start(part);
      target.requestFlush();
    },
    append(id, text) {
      if (!target.isAccepting()) return;
      const type = buffer.append(id, text);
      if (type === null) {
        counters.ignoredEvents += 1;
        return;
      }
      if (text === '') return;
      countStreamed();
      // onToken is about the answer's text; reasoning and tool input are not part of it.
      if (type === 'text') callSafely(target.onToken(), text);
      target.requestFlush();
    },
    replace(id, fields) {
      if (!target.isAccepting()) return;
      const result = buffer.replace(id, fields);
      if (result === 'unknown') counters.ignoredEvents += 1;
      else {
        if (result === 'collapsed') counters.droppedStatus += 1;
        target.requestFlush();
      }
    },
    end(id) {
      if (!target.isAccepting()) return;
      if (buffer.end(id)) target.requestFlush();
      else counters.ignoredEvents += 1;
    },
    finish(reason) {
      if (!target.isAccepting()) return;
      buffer.finish(reason);
      target.requestFlush();
    },
    cursor(id) {
      if (!target.admitEvent(id)) return false;
      buffer.cursor(id);
      target.requestFlush();
      return true;
    },
    ignore() {
      if (target.isAccepting()) counters.ignoredEvents += 1;
    },
  };
}
