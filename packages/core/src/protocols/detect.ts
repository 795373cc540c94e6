import type { Protocol } from '../types.js';
import { aiSdk } from './ai-sdk.js';
import { ndjson } from './ndjson.js';
import { sse } from './sse.js';
import { text } from './text.js';

/** The response header the AI SDK sets on a UI message stream (`toUIMessageStreamResponse()`). */
export const AI_SDK_STREAM_HEADER = 'x-vercel-ai-ui-message-stream';

function protocolOfContentType(contentType: string | null | undefined): Protocol {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/event-stream') return sse();
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl') return ndjson();
  return text();
}

/**
 * The protocol a response implies. `x-vercel-ai-ui-message-stream: v1` → `aiSdk()`, before the
 * Content-Type is looked at; then `text/event-stream` → `sse()`, `application/x-ndjson` or
 * `application/jsonl` → `ndjson()`, anything else → `text()`.
 * Takes the response headers, or (as before) just a Content-Type value.
 *
 * @example `detectProtocol(response.headers)`
 */
export function detectProtocol(headersOrContentType: Headers | string | null | undefined): Protocol {
  if (typeof headersOrContentType === 'string' || headersOrContentType == null) {
    return protocolOfContentType(headersOrContentType);
  }
  if (headersOrContentType.get(AI_SDK_STREAM_HEADER)?.trim().toLowerCase() === 'v1') return aiSdk();
  return protocolOfContentType(headersOrContentType.get('content-type'));
}
