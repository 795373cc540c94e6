/** The response header the AI SDK sets on a UI message stream (`toUIMessageStreamResponse()`). */
export const AI_SDK_STREAM_HEADER = 'x-vercel-ai-ui-message-stream';

/** The name of a protocol detection can select (its `Protocol.name`). */
export type DetectedProtocolName = 'ai-sdk' | 'sse' | 'ndjson' | 'text';

function nameOfContentType(contentType: string | null | undefined): DetectedProtocolName {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/event-stream') return 'sse';
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl') return 'ndjson';
  return 'text';
}

/**
 * The detection rule, as the name of the protocol it selects: it imports no parser, so the
 * public `detectProtocol` and a run (which loads rarely used parsers lazily) share it.
 */
export function detectedProtocolName(headersOrContentType: Headers | string | null | undefined): DetectedProtocolName {
  if (typeof headersOrContentType === 'string' || headersOrContentType == null) {
    return nameOfContentType(headersOrContentType);
  }
  if (headersOrContentType.get(AI_SDK_STREAM_HEADER)?.trim().toLowerCase() === 'v1') return 'ai-sdk';
  return nameOfContentType(headersOrContentType.get('content-type'));
}
