import type { Protocol } from '../types.js';
import { detectedProtocolName } from './detection.js';
import { sse } from './sse.js';
import { text } from './text.js';

/**
 * The protocol a run's response selects when the caller gave none, by the rule of
 * `detectProtocol`. `sse()` and `text()`, which most streams are, come at once; the AI SDK and
 * NDJSON parsers are imported when a response selects them, so an app that never receives one
 * never downloads them (bundlers split an `import()` into a chunk of its own). The response has
 * arrived by then, so the wait is one chunk request, once per page.
 */
export function loadDetectedProtocol(headers: Headers): Protocol | Promise<Protocol> {
  const name = detectedProtocolName(headers);
  if (name === 'ai-sdk') return import('./ai-sdk.js').then(({ aiSdk }) => aiSdk());
  if (name === 'ndjson') return import('./ndjson.js').then(({ ndjson }) => ndjson());
  return name === 'sse' ? sse() : text();
}
