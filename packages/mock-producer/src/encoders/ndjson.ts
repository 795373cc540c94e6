import type { ProgressUpdate, WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

/** One JSON object per line: `token`, `progress`, `done` and `error` records. */
export function createNdjsonEncoder(): WireEncoder {
  return {
    format: 'ndjson',
    headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => `${JSON.stringify({ type: 'token', text })}\n`,
    status: (update: ProgressUpdate) => `${JSON.stringify({ type: 'progress', data: update })}\n`,
    done: () => '{"type":"done"}\n',
    error: (message) => `${JSON.stringify({ type: 'error', message })}\n`,
    malformed: () => encoder.encode('{"type":"token","text":\n'),
  };
}
