import type { MessageEvent } from '../message-events.js';
import type { ProgressUpdate, StreamSummary, WireEncoder } from './wire-encoder.js';

const encoder = new TextEncoder();

function line(payload: Record<string, unknown>): string {
  return `${JSON.stringify(payload)}\n`;
}

function partLine(event: Exclude<MessageEvent, { type: 'text-delta' }>): string {
  switch (event.type) {
    case 'reasoning-delta':
      return line({ type: 'reasoning', text: event.text });
    case 'reasoning-end':
      return line({ type: 'reasoning-end' });
    case 'tool-input-start':
      return line({ type: 'tool-input-start', id: event.call.id, name: event.call.name });
    case 'tool-input-delta':
      return line({ type: 'tool-input-delta', id: event.call.id, delta: event.delta });
    case 'tool-input-end':
      return line({ type: 'tool-input-available', id: event.call.id, input: event.call.input });
    case 'tool-result':
      return event.call.errorText === undefined
        ? line({ type: 'tool-output', id: event.call.id, output: event.call.output })
        : line({ type: 'tool-error', id: event.call.id, errorText: event.call.errorText });
    case 'source':
      return line({ type: 'source', id: event.source.id, url: event.source.url, title: event.source.title });
    case 'reasoning-start':
    case 'text-start':
    case 'text-end':
    case 'step-boundary':
      return '';
  }
}

/** One JSON object per line: `token`, `progress`, `done` and `error` records, plus part records. */
export function createNdjsonEncoder(): WireEncoder {
  return {
    format: 'ndjson',
    headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => `${JSON.stringify({ type: 'token', text })}\n`,
    event: partLine,
    status: (update: ProgressUpdate) => `${JSON.stringify({ type: 'progress', data: update })}\n`,
    done: (summary: StreamSummary) =>
      (summary.finishReason === null ? '' : line({ type: 'finish', reason: summary.finishReason })) + '{"type":"done"}\n',
    error: (message) => `${JSON.stringify({ type: 'error', message })}\n`,
    malformed: () => encoder.encode('{"type":"token","text":\n'),
  };
}
