import type { Protocol } from '../types';
import { ndjson } from './ndjson';
import { sse } from './sse';
import { text } from './text';

/**
 * The protocol a response's Content-Type implies: `text/event-stream` → `sse()`,
 * `application/x-ndjson` or `application/jsonl` → `ndjson()`, anything else → `text()`.
 */
export function detectProtocol(contentType: string | null | undefined): Protocol {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/event-stream') return sse();
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl') return ndjson();
  return text();
}
