import type { Protocol } from '../types';
import { isRecord, messageOr, parseRequiredJson } from './payload';
import { createSseProtocol, type SseEventHandler } from './sse';

const handleUiMessageChunk: SseEventHandler = (event, sink) => {
  if (event.data === '[DONE]') {
    sink.done();
    return;
  }
  const chunk = parseRequiredJson(event.data, 'AI SDK', sink);
  if (!isRecord(chunk) || typeof chunk.type !== 'string') return;
  const type = chunk.type;
  if (type === 'text-delta') {
    if (typeof chunk.delta === 'string' && chunk.delta !== '') sink.token(chunk.delta);
  } else if (type === 'finish') {
    sink.done();
  } else if (type === 'error') {
    sink.error('server', messageOr(chunk.errorText, 'The AI SDK stream reported an error'));
  } else if (type === 'abort') {
    sink.error('incomplete', 'The server aborted the AI SDK stream');
  } else if (type.startsWith('data-')) {
    // Custom data parts are the AI SDK's way to send progress; other parts are not text.
    sink.status(type, chunk.data);
  }
};

/**
 * The UI message stream of the `ai` package (v5 and later; header `x-vercel-ai-ui-message-stream: v1`):
 * `text-delta` tokens, `data-*` parts as status updates (e.g. type `data-progress`), `error`
 * parts as server errors, `finish` / `[DONE]` as the end. A body cut before them is `incomplete`.
 * @example `createTokenStream({ url: '/api/chat', init: { method: 'POST', body }, protocol: aiSdk() })`
 */
export function aiSdk(): Protocol {
  return createSseProtocol('ai-sdk', handleUiMessageChunk, true);
}
