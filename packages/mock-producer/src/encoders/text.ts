import type { WireEncoder } from './wire-encoder.js';
import { withInvalidUtf8 } from './wire-encoder.js';

/** Raw text: no status, no markers, no parts; the end of the body is the end of the answer. */
export function createTextEncoder(): WireEncoder {
  return {
    format: 'text',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => text,
    // Option validation keeps parts away from this format; text parts opening and closing write nothing.
    event: () => '',
    status: () => '',
    done: () => '',
    error: () => null,
    malformed: () => withInvalidUtf8('', ''),
  };
}
