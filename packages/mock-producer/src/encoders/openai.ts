import type { ProducerFinishReason } from '../producer-options.js';
import type { StreamSummary, WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

/** OpenAI's own words for why a completion stopped. */
const finishReasons: Record<ProducerFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
};

function chunk(delta: Record<string, unknown>, finishReason: string | null): string {
  const payload = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'mock',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/**
 * OpenAI chat.completions streaming chunks, ended by `data: [DONE]`: `delta.reasoning_content`,
 * `delta.content`, `delta.tool_calls[]` by index (id and name first, then argument pieces).
 */
export function createOpenAiEncoder(): WireEncoder {
  const toolIndexes = new Map<string, number>();
  return {
    format: 'openai',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => chunk({ role: 'assistant', content: '' }, null),
    token: (text) => chunk({ content: text }, null),
    event: (event) => {
      switch (event.type) {
        case 'reasoning-delta':
          return chunk({ reasoning_content: event.text }, null);
        case 'tool-input-start': {
          const index = toolIndexes.size;
          toolIndexes.set(event.call.id, index);
          return chunk({ tool_calls: [{ index, id: event.call.id, type: 'function', function: { name: event.call.name, arguments: '' } }] }, null);
        }
        case 'tool-input-delta':
          return chunk({ tool_calls: [{ index: toolIndexes.get(event.call.id), function: { arguments: event.delta } }] }, null);
        // No part boundaries in a choice, and the client runs the tool: nothing else to say.
        default:
          return '';
      }
    },
    status: () => '',
    done: (summary: StreamSummary) => `${chunk({}, finishReasons[summary.finishReason ?? 'stop'])}data: [DONE]\n\n`,
    error: (message) => `data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`,
    malformed: () => encoder.encode('data: {"id":"chatcmpl-mock","choices":[{"delta":\n\n'),
  };
}
