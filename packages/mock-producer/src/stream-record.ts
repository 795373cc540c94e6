import type { ProducerFault, ProducerOptions, WireFormat } from './producer-options.js';

/** What the server saw of one stream: the proof of backpressure and disconnects. */
export interface StreamRecord {
  /** The `id` query parameter (or JSON body field) of the request, or a generated `s<n>`. */
  id: string;
  format: WireFormat;
  options: ProducerOptions;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number | null;
  tokensWritten: number;
  bytesWritten: number;
  /** Milliseconds spent waiting for `'drain'` after `write()` returned false. */
  blockedOnDrainMs: number;
  /** Times `write()` returned false and the producer waited. */
  drainWaits: number;
  /** The client closed the connection before the producer ended the response. */
  clientDisconnected: boolean;
  disconnectedAt: number | null;
  /** Tokens written after the disconnect was seen; anything but 0 is a bug. */
  tokensAfterDisconnect: number;
  /** The response ended with the format's terminal marker. */
  completed: boolean;
  /** The injected fault that ended the stream, if any. */
  fault: ProducerFault | null;
  /** The `Last-Event-ID` this request resumed after (a replay), or null for a fresh stream. */
  resumedAfter: number | null;
  /** The id of the last event written (with `eventIds`), or null: a replay starts right after it. */
  lastEventId: number | null;
}

export interface ProducerStats {
  /** Most recent last. */
  streams: StreamRecord[];
  /** How many of these streams were replays (requests that resumed after a `Last-Event-ID`). */
  replays: number;
}

// When each record's current drain wait began, so stats include a wait still in progress.
const blockedSince = new WeakMap<StreamRecord, number>();

/** Marks the start of a drain wait. */
export function startDrainWait(record: StreamRecord): void {
  record.drainWaits += 1;
  blockedSince.set(record, performance.now());
}

/** Adds a finished drain wait to `blockedOnDrainMs`. */
export function endDrainWait(record: StreamRecord): void {
  const since = blockedSince.get(record);
  if (since === undefined) return;
  blockedSince.delete(record);
  record.blockedOnDrainMs += performance.now() - since;
}

function withCurrentWait(record: StreamRecord): StreamRecord {
  const since = blockedSince.get(record);
  const blockedOnDrainMs = record.blockedOnDrainMs + (since === undefined ? 0 : performance.now() - since);
  return { ...record, blockedOnDrainMs, options: { ...record.options } };
}

/** Keeps the last `limit` records; records stay live objects until their stream ends. */
export function createStreamHistory(limit: number) {
  let records: StreamRecord[] = [];
  return {
    /** The most recent record with this id, for the resume route. */
    latest(id: string): StreamRecord | undefined {
      return records.findLast((record) => record.id === id);
    },
    add(record: StreamRecord): void {
      records.push(record);
      if (records.length > limit) records = records.slice(records.length - limit);
    },
    snapshot(id?: string): ProducerStats {
      const selected = id === undefined ? records : records.filter((record) => record.id === id);
      return { streams: selected.map(withCurrentWait), replays: selected.filter((record) => record.resumedAfter !== null).length };
    },
    clear(): void {
      records = [];
    },
  };
}
