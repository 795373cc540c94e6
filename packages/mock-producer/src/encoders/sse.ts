import type { MessageEvent } from '../message-events.js';
import type { ProgressUpdate, StreamSummary, WireEncoder } from './wire-encoder.js';
import { sseFrame, withInvalidUtf8 } from './wire-encoder.js';

function json(payload: Record<string, unknown>): string {
  return JSON.stringify(payload);
}

function partEvent(event: Exclude<MessageEvent, { type: 'text-delta' }>): string {
  switch (event.type) {
    case 'reasoning-delta':
      return sseFrame(event.text, 'reasoning');
    case 'reasoning-end':
      return 'event: reasoning-end\ndata: \n\n';
    case 'tool-input-start':
      return sseFrame(json({ id: event.call.id, name: event.call.name }), 'tool-input-start');
    case 'tool-input-delta':
      return sseFrame(json({ id: event.call.id, delta: event.delta }), 'tool-input-delta');
    case 'tool-input-end':
      return sseFrame(json({ id: event.call.id, input: event.call.input }), 'tool-input-available');
    case 'tool-result':
      return event.call.errorText === undefined
        ? sseFrame(json({ id: event.call.id, output: event.call.output }), 'tool-output')
        : sseFrame(json({ id: event.call.id, errorText: event.call.errorText }), 'tool-error');
    case 'source':
      return sseFrame(json({ id: event.source.id, url: event.source.url, title: event.source.title }), 'source');
    // Text parts open with their first token; reasoning with its first delta.
    case 'reasoning-start':
    case 'text-start':
    case 'text-end':
    case 'step-boundary':
      return '';
  }
}

/**
 * Plain SSE as `sse()` reads it: unnamed events are tokens, `progress` is a status, `done`/`error`
 * end. Parts are named events of the producer's own shape (see the README).
 */
export function createSseEncoder(): WireEncoder {
  return {
    format: 'sse',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => '',
    token: (text) => sseFrame(text),
    event: partEvent,
    status: (update: ProgressUpdate) => sseFrame(JSON.stringify(update), 'progress'),
    done: (summary: StreamSummary) =>
      (summary.finishReason === null ? '' : sseFrame(json({ reason: summary.finishReason }), 'finish')) + 'event: done\ndata: \n\n',
    error: (message) => sseFrame(message, 'error'),
    // A status event with invalid JSON is still readable (its data stays raw text), so the
    // malformed case for SSE is bytes no UTF-8 decoder accepts.
    malformed: () => withInvalidUtf8('data: ', '\n\n'),
  };
}
