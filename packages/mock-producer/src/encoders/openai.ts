import type { WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

function chunk(delta: Record<string, string>, finishReason: string | null): string {
  const payload = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'mock',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** OpenAI chat.completions streaming chunks, ended by `data: [DONE]`. */
export function createOpenAiEncoder(): WireEncoder {
  return {
    format: 'openai',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => chunk({ role: 'assistant', content: '' }, null),
    token: (text) => chunk({ content: text }, null),
    status: () => '',
    done: () => `${chunk({}, 'stop')}data: [DONE]\n\n`,
    error: (message) => `data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`,
    malformed: () => encoder.encode('data: {"id":"chatcmpl-mock","choices":[{"delta":\n\n'),
  };
}
