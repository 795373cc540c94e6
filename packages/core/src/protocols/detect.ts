import type { Protocol } from '../types.js';
import { aiSdk } from './ai-sdk.js';
import { detectedProtocolName } from './detection.js';
import { ndjson } from './ndjson.js';
import { sse } from './sse.js';
import { text } from './text.js';

/**
 * The protocol a response implies. `x-vercel-ai-ui-message-stream: v1` → `aiSdk()`, before the
 * Content-Type is looked at; then `text/event-stream` → `sse()`, `application/x-ndjson` or
 * `application/jsonl` → `ndjson()`, anything else → `text()`.
 * Takes the response headers, or (as before) just a Content-Type value.
 *
 * @example `detectProtocol(response.headers)`
 */
export function detectProtocol(headersOrContentType: Headers | string | null | undefined): Protocol {
  const name = detectedProtocolName(headersOrContentType);
  if (name === 'ai-sdk') return aiSdk();
  if (name === 'ndjson') return ndjson();
  return name === 'sse' ? sse() : text();
}
