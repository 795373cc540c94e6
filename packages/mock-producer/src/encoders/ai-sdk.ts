import type { ProgressUpdate, WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

function part(payload: Record<string, unknown>): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The `ai` package (v7) UI message stream: typed JSON parts over SSE, ended by `data: [DONE]`. */
export function createAiSdkEncoder(messageId = 'msg-mock'): WireEncoder {
  return {
    format: 'ai-sdk',
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'x-vercel-ai-ui-message-stream': 'v1',
    },
    start: () => part({ type: 'start', messageId }) + part({ type: 'start-step' }) + part({ type: 'text-start', id: 't1' }),
    token: (text) => part({ type: 'text-delta', id: 't1', delta: text }),
    status: (update: ProgressUpdate) => part({ type: 'data-progress', data: update }),
    done: () =>
      part({ type: 'text-end', id: 't1' }) + part({ type: 'finish-step' }) + part({ type: 'finish' }) + 'data: [DONE]\n\n',
    error: (message) => part({ type: 'error', errorText: message }),
    malformed: () => encoder.encode('data: {"type":"text-delta","id":"t1","delta":\n\n'),
  };
}
