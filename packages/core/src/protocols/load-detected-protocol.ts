import type { Protocol } from '../types.js';
import { detectedProtocolName } from './detection.js';
import { text } from './text.js';

/**
 * The protocol a run's response selects when the caller gave none, by the rule of
 * `detectProtocol`. Every parser but `text()` (a few bytes) is imported when a response selects
 * it, so an app bundles only the parsers it names itself and downloads the others when a stream
 * needs one (bundlers split an `import()` into a chunk of its own). The wait is one chunk request,
 * once per page, after the response headers, mostly while the model is still thinking.
 */
export function loadDetectedProtocol(headers: Headers): Protocol | Promise<Protocol> {
  const name = detectedProtocolName(headers);
  if (name === 'sse') return import('./sse-chunk.js').then(({ sse }) => sse());
  if (name === 'ai-sdk') return import('./ai-sdk-chunk.js').then(({ aiSdk }) => aiSdk());
  if (name === 'ndjson') return import('./ndjson-chunk.js').then(({ ndjson }) => ndjson());
  return text();
}

/**
 * Starts importing `sse()`, the parser most responses select, while a run's request is in
 * flight, so an SSE answer does not wait for that chunk after its headers. A failed load is
 * left to `loadDetectedProtocol`, which reports it if the response needs the parser.
 */
export function preloadEventStreamParser(): void {
  import('./sse-chunk.js').catch(() => undefined);
}
