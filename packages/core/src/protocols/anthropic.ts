import type { Protocol } from '../types';
import { isRecord, parseRequiredJson, serverError, type MappedActions } from './payload';
import { createSseProtocol, type SseEvent } from './sse';

function mapAnthropicEvent(event: SseEvent): MappedActions {
  if (event.event === 'ping') return null;
  const parsed = parseRequiredJson(event.data, 'Anthropic');
  if (!parsed.ok) return parsed.action;
  const payload = parsed.value;
  if (!isRecord(payload)) return null;
  const type = event.event ?? payload.type;
  switch (type) {
    case 'content_block_delta': {
      const delta = payload.delta;
      if (isRecord(delta) && delta.type === 'text_delta' && typeof delta.text === 'string') {
        return delta.text === '' ? null : { type: 'token', text: delta.text };
      }
      return null;
    }
    case 'message_stop':
      return { type: 'done' };
    case 'error':
      return serverError(
        isRecord(payload.error) ? payload.error.message : undefined,
        'Anthropic reported an error',
      );
    default:
      return null;
  }
}

/**
 * Anthropic Messages streams: `content_block_delta`/`text_delta` tokens, `message_stop` as the
 * terminal event, `error` events as server errors. A body that ends before `message_stop` is `incomplete`.
 * @example `createTokenStream({ url: '/v1/messages', init: { method: 'POST', body }, protocol: anthropic() })`
 */
export function anthropic(): Protocol {
  return createSseProtocol('anthropic', mapAnthropicEvent, true);
}
