import type { Protocol } from '../types';
import { isRecord, messageOr, parseRequiredJson } from './payload';
import { createSseProtocol, type SseEventHandler } from './sse';

const handleOpenAiEvent: SseEventHandler = (event, sink) => {
  if (event.data === '[DONE]') {
    sink.done();
    return;
  }
  const chunk = parseRequiredJson(event.data, 'OpenAI', sink);
  if (!isRecord(chunk)) return;
  if (isRecord(chunk.error)) {
    sink.error('server', messageOr(chunk.error.message, 'OpenAI reported an error'));
    return;
  }
  const choices = chunk.choices;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (!isRecord(first) || !isRecord(first.delta)) return;
  const content = first.delta.content;
  if (typeof content === 'string' && content !== '') sink.token(content);
};

/**
 * OpenAI Chat Completions streams (`stream: true`): tokens from `choices[0].delta.content`,
 * ending with `data: [DONE]`. A body that ends without `[DONE]` is `incomplete`.
 * @example `createTokenStream({ url: '/v1/chat/completions', init: { method: 'POST', body }, protocol: openai() })`
 */
export function openai(): Protocol {
  return createSseProtocol('openai', handleOpenAiEvent, true);
}
