import type { Protocol } from '../types';
import { isRecord, parseRequiredJson, serverError, type MappedActions } from './payload';
import { createSseProtocol, type SseEvent } from './sse';

function mapUiMessageChunk(event: SseEvent): MappedActions {
  if (event.data === '[DONE]') return { type: 'done' };
  const parsed = parseRequiredJson(event.data, 'AI SDK');
  if (!parsed.ok) return parsed.action;
  const chunk = parsed.value;
  if (!isRecord(chunk) || typeof chunk.type !== 'string') return null;
  const type = chunk.type;
  if (type === 'text-delta') {
    return typeof chunk.delta === 'string' && chunk.delta !== ''
      ? { type: 'token', text: chunk.delta }
      : null;
  }
  if (type === 'finish') return { type: 'done' };
  if (type === 'error') return serverError(chunk.errorText, 'The AI SDK stream reported an error');
  if (type === 'abort') {
    return { type: 'error', kind: 'incomplete', message: 'The server aborted the AI SDK stream' };
  }
  // Custom data parts are the AI SDK's way to send progress; other parts are not text.
  if (type.startsWith('data-')) return { type: 'status', statusType: type, data: chunk.data };
  return null;
}

/**
 * The UI message stream of the `ai` package (v5 and later; header `x-vercel-ai-ui-message-stream: v1`):
 * `text-delta` tokens, `data-*` parts as status updates (e.g. type `data-progress`), `error`
 * parts as server errors, `finish` / `[DONE]` as the end. A body cut before them is `incomplete`.
 * @example `createTokenStream({ url: '/api/chat', init: { method: 'POST', body }, protocol: aiSdk() })`
 */
export function aiSdk(): Protocol {
  return createSseProtocol('ai-sdk', mapUiMessageChunk, true);
}
