import type { Protocol } from '../types';
import { isRecord, messageOr, parseRequiredJson } from './payload';
import { createSseProtocol, type SseEventHandler } from './sse';

const handleAnthropicEvent: SseEventHandler = (event, sink) => {
  if (event.event === 'ping') return;
  const payload = parseRequiredJson(event.data, 'Anthropic', sink);
  if (!isRecord(payload)) return;
  switch (event.event ?? payload.type) {
    case 'content_block_delta': {
      const delta = payload.delta;
      if (isRecord(delta) && delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
        sink.token(delta.text);
      }
      return;
    }
    case 'message_stop':
      sink.done();
      return;
    case 'error':
      sink.error('server', messageOr(isRecord(payload.error) ? payload.error.message : undefined, 'Anthropic reported an error'));
      return;
    default:
      return;
  }
};

/**
 * Anthropic Messages streams: `content_block_delta`/`text_delta` tokens, `message_stop` as the
 * terminal event, `error` events as server errors. A body that ends before `message_stop` is `incomplete`.
 * @example `createTokenStream({ url: '/v1/messages', init: { method: 'POST', body }, protocol: anthropic() })`
 */
export function anthropic(): Protocol {
  return createSseProtocol('anthropic', handleAnthropicEvent, true);
}
