import type { ProducerFinishReason } from '../producer-options.js';
import type { StreamSummary, WireEncoder } from './wire-encoder.js';
import { sseFrame } from './wire-encoder.js';

const encoder = new TextEncoder();
/** Anthropic sends pings now and then; one every this many tokens keeps them deterministic. */
const pingEvery = 50;

/** Anthropic's own words (`stop_reason`); a content filter stops a Claude answer as `refusal`. */
const stopReasons: Record<ProducerFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
};

function event(type: string, payload: Record<string, unknown>): string {
  return sseFrame(JSON.stringify({ type, ...payload }), type);
}

/**
 * Anthropic Messages streaming events, ended by `message_stop`: content blocks by index
 * (`thinking` with `thinking_delta` and a `signature_delta`, `text` with `text_delta` and
 * `citations_delta`, `tool_use` with `input_json_delta`).
 */
export function createAnthropicEncoder(): WireEncoder {
  let blockCount = 0;
  let openBlock = -1;
  const startBlock = (contentBlock: Record<string, unknown>): string => {
    openBlock = blockCount;
    blockCount += 1;
    return event('content_block_start', { index: openBlock, content_block: contentBlock });
  };
  const delta = (payload: Record<string, unknown>): string => event('content_block_delta', { index: openBlock, delta: payload });
  const stopBlock = (): string => event('content_block_stop', { index: openBlock });
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
      }),
    token: (text, index) => (index > 0 && index % pingEvery === 0 ? event('ping', {}) : '') + delta({ type: 'text_delta', text }),
    event: (message) => {
      switch (message.type) {
        case 'reasoning-start':
          return startBlock({ type: 'thinking', thinking: '' });
        case 'reasoning-delta':
          return delta({ type: 'thinking_delta', thinking: message.text });
        case 'reasoning-end':
          return delta({ type: 'signature_delta', signature: 'bW9jay1zaWduYXR1cmU=' }) + stopBlock();
        case 'text-start':
          return startBlock({ type: 'text', text: '' });
        case 'tool-input-start':
          return startBlock({ type: 'tool_use', id: message.call.id, name: message.call.name, input: {} });
        case 'tool-input-delta':
          return delta({ type: 'input_json_delta', partial_json: message.delta });
        case 'source':
          return delta({
            type: 'citations_delta',
            citation: {
              type: 'web_search_result_location',
              cited_text: message.source.title,
              url: message.source.url,
              title: message.source.title,
              encrypted_index: `bW9jay1${message.source.id}`,
            },
          });
        case 'text-end':
        case 'tool-input-end':
          return stopBlock();
        // The client runs the tool; a new step is a new request in this API.
        case 'tool-result':
        case 'step-boundary':
          return '';
      }
    },
    status: () => '',
    done: (summary: StreamSummary) =>
      event('message_delta', {
        delta: { stop_reason: stopReasons[summary.finishReason ?? 'stop'], stop_sequence: null },
        usage: { output_tokens: summary.tokenCount },
      }) + event('message_stop', {}),
    error: (message) => event('error', { error: { type: 'overloaded_error', message } }),
    malformed: () => encoder.encode('event: content_block_delta\ndata: {"type":"content_block_delta","delta":\n\n'),
  };
}
