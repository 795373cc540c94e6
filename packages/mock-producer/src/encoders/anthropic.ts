import type { WireEncoder } from './wire-encoder.js';
import { sseFrame } from './wire-encoder.js';

const encoder = new TextEncoder();
/** Anthropic sends pings now and then; one every this many tokens keeps them deterministic. */
const pingEvery = 50;

function event(type: string, payload: Record<string, unknown>): string {
  return sseFrame(JSON.stringify({ type, ...payload }), type);
}

/** Anthropic Messages streaming events, ended by `message_stop`. */
export function createAnthropicEncoder(): WireEncoder {
  return {
    format: 'anthropic',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () =>
      event('message_start', {
        message: {
          id: 'msg_mock',
          type: 'message',
          role: 'assistant',
          model: 'mock',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }) + event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    token: (text, index) =>
      (index > 0 && index % pingEvery === 0 ? event('ping', {}) : '') +
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
    status: () => '',
    done: (tokenCount) =>
      event('content_block_stop', { index: 0 }) +
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: tokenCount } }) +
      event('message_stop', {}),
    error: (message) => event('error', { error: { type: 'overloaded_error', message } }),
    malformed: () => encoder.encode('event: content_block_delta\ndata: {"type":"content_block_delta","delta":\n\n'),
  };
}
