import type { ProgressUpdate, WireEncoder } from './wire-encoder.js';
import { sseFrame, withInvalidUtf8 } from './wire-encoder.js';

/** Plain SSE as `sse()` reads it: unnamed events are tokens, `progress` is a status, `done`/`error` end. */
export function createSseEncoder(): WireEncoder {
  return {
    format: 'sse',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => sseFrame(text),
    status: (update: ProgressUpdate) => sseFrame(JSON.stringify(update), 'progress'),
    done: () => 'event: done\ndata: \n\n',
    error: (message) => sseFrame(message, 'error'),
    // A status event with invalid JSON is still readable (its data stays raw text), so the
    // malformed case for SSE is bytes no UTF-8 decoder accepts.
    malformed: () => withInvalidUtf8('data: ', '\n\n'),
  };
}
