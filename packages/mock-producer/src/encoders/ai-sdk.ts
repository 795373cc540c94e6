import type { MessageEvent } from '../message-events.js';
import type { ProgressUpdate, StreamSummary, WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

function chunk(payload: Record<string, unknown>): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function partChunks(event: Exclude<MessageEvent, { type: 'text-delta' }>): string {
  switch (event.type) {
    case 'reasoning-start':
      return chunk({ type: 'reasoning-start', id: event.id });
    case 'reasoning-delta':
      return chunk({ type: 'reasoning-delta', id: event.id, delta: event.text });
    case 'reasoning-end':
      return chunk({ type: 'reasoning-end', id: event.id });
    case 'text-start':
      return chunk({ type: 'text-start', id: event.id });
    case 'text-end':
      return chunk({ type: 'text-end', id: event.id });
    case 'tool-input-start':
      return chunk({ type: 'tool-input-start', toolCallId: event.call.id, toolName: event.call.name });
    case 'tool-input-delta':
      return chunk({ type: 'tool-input-delta', toolCallId: event.call.id, inputTextDelta: event.delta });
    case 'tool-input-end':
      return chunk({ type: 'tool-input-available', toolCallId: event.call.id, toolName: event.call.name, input: event.call.input });
    case 'tool-result':
      return event.call.errorText === undefined
        ? chunk({ type: 'tool-output-available', toolCallId: event.call.id, output: event.call.output })
        : chunk({ type: 'tool-output-error', toolCallId: event.call.id, errorText: event.call.errorText });
    case 'source':
      return chunk({ type: 'source-url', sourceId: event.source.id, url: event.source.url, title: event.source.title });
    case 'step-boundary':
      return chunk({ type: 'finish-step' }) + chunk({ type: 'start-step' });
  }
}

/**
 * The `ai` package (v7) UI message stream: typed JSON chunks over SSE, ended by `data: [DONE]`
 * (chunk shapes as in the package's `uiMessageChunkSchema`).
 */
export function createAiSdkEncoder(messageId = 'msg-mock'): WireEncoder {
  let textId = 't1';
  return {
    format: 'ai-sdk',
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'x-vercel-ai-ui-message-stream': 'v1',
    },
    start: () => chunk({ type: 'start', messageId }) + chunk({ type: 'start-step' }),
    token: (text) => chunk({ type: 'text-delta', id: textId, delta: text }),
    event: (event) => {
      if (event.type === 'text-start') textId = event.id;
      return partChunks(event);
    },
    status: (update: ProgressUpdate) => chunk({ type: 'data-progress', data: update }),
    done: (summary: StreamSummary) =>
      chunk({ type: 'finish-step' }) +
      chunk(summary.finishReason === null ? { type: 'finish' } : { type: 'finish', finishReason: summary.finishReason }) +
      'data: [DONE]\n\n',
    error: (message) => chunk({ type: 'error', errorText: message }),
    malformed: () => encoder.encode('data: {"type":"text-delta","id":"t1","delta":\n\n'),
  };
}
