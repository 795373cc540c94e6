import type { WireEncoder } from './wire-encoder.js';
import { withInvalidUtf8 } from './wire-encoder.js';

/** Raw text: no status, no markers; the end of the body is the end of the answer. */
export function createTextEncoder(): WireEncoder {
  return {
    format: 'text',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => text,
    status: () => '',
    done: () => '',
    error: () => null,
    malformed: () => withInvalidUtf8('', ''),
  };
}
