import type { StreamMetrics, StreamSnapshot } from './types.js';

export function emptyMetrics(): StreamMetrics {
  return {
    tokens: 0,
    bytes: 0,
    flushes: 0,
    droppedStatus: 0,
    discardedChars: 0,
    firstTokenMs: null,
    durationMs: 0,
    tokensPerSecond: 0,
    maxBufferedBytes: 0,
    readPauses: 0,
    reconnects: 0,
    flushIntervalMs: 0,
    ignoredEvents: 0,
  };
}

/** The snapshot before any run, and the one SSR renders. */
export const IDLE_SNAPSHOT: StreamSnapshot = Object.freeze({
  text: '',
  parts: Object.freeze([]),
  phase: 'idle',
  status: null,
  error: null,
  finishReason: null,
  cursor: null,
  metrics: Object.freeze(emptyMetrics()),
});
