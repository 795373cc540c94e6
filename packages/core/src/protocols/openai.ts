import type { Protocol } from '../types';
import { isRecord, parseRequiredJson, serverError, type MappedActions } from './payload';
import { createSseProtocol, type SseEvent } from './sse';

function mapOpenAiEvent(event: SseEvent): MappedActions {
  if (event.data === '[DONE]') return { type: 'done' };
  const parsed = parseRequiredJson(event.data, 'OpenAI');
  if (!parsed.ok) return parsed.action;
  const chunk = parsed.value;
  if (!isRecord(chunk)) return null;
  if (isRecord(chunk.error)) {
    return serverError(chunk.error.message, 'OpenAI reported an error');
  }
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return null;
  const first: unknown = choices[0];
  if (!isRecord(first) || !isRecord(first.delta)) return null;
  const content = first.delta.content;
  return typeof content === 'string' && content !== '' ? { type: 'token', text: content } : null;
}

/**
 * OpenAI Chat Completions streams (`stream: true`): tokens from `choices[0].delta.content`,
 * ending with `data: [DONE]`. A body that ends without `[DONE]` is `incomplete`.
 * @example `createTokenStream({ url: '/v1/chat/completions', init: { method: 'POST', body }, protocol: openai() })`
 */
export function openai(): Protocol {
  return createSseProtocol('openai', mapOpenAiEvent, true);
}
