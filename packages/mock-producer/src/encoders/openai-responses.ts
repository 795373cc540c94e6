import type { StreamSummary, WireEncoder } from './wire-encoder.js';
import { sseFrame } from './wire-encoder.js';

const encoder = new TextEncoder();

interface OpenItem {
  id: string;
  outputIndex: number;
  text: string;
  annotations: Array<Record<string, unknown>>;
  /** Function calls only. */
  callId?: string;
  name?: string;
}

/**
 * OpenAI Responses API streaming events (`response.created` … `response.completed`), each an SSE
 * event named by its `type` and numbered by `sequence_number`: output items for reasoning
 * (summary text deltas), messages (`response.output_text.delta`, url citations as
 * `response.output_text.annotation.added`) and function calls (argument deltas).
 */
export function createOpenAiResponsesEncoder(): WireEncoder {
  let sequenceNumber = 0;
  let open: OpenItem | null = null;
  const output: Array<Record<string, unknown>> = [];
  const event = (type: string, payload: Record<string, unknown>): string => {
    const frame = sseFrame(JSON.stringify({ type, sequence_number: sequenceNumber, ...payload }), type);
    sequenceNumber += 1;
    return frame;
  };
  const response = (status: string, extra: Record<string, unknown> = {}) => ({
    id: 'resp_mock',
    object: 'response',
    created_at: 0,
    status,
    model: 'mock',
    output: status === 'in_progress' ? [] : output,
    ...extra,
  });
  const addItem = (item: Record<string, unknown>, callId?: string, name?: string): string => {
    open = { id: item.id as string, outputIndex: output.length, text: '', annotations: [], callId, name };
    return event('response.output_item.added', { output_index: open.outputIndex, item });
  };
  const finishItem = (item: Record<string, unknown>, current: OpenItem): string => {
    output.push(item);
    open = null;
    return event('response.output_item.done', { output_index: current.outputIndex, item });
  };
  const current = (): OpenItem => {
    if (open === null) throw new Error('@sluice/mock-producer: a Responses event arrived outside an output item');
    return open;
  };
  return {
    format: 'openai-responses',
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
    start: () => event('response.created', { response: response('in_progress') }) + event('response.in_progress', { response: response('in_progress') }),
    token: (text) => {
      const item = current();
      item.text += text;
      return event('response.output_text.delta', { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta: text, logprobs: [] });
    },
    event: (message) => {
      switch (message.type) {
        case 'reasoning-start': {
          const added = addItem({ id: message.id, type: 'reasoning', summary: [] });
          const item = current();
          return (
            added +
            event('response.reasoning_summary_part.added', {
              item_id: item.id,
              output_index: item.outputIndex,
              summary_index: 0,
              part: { type: 'summary_text', text: '' },
            })
          );
        }
        case 'reasoning-delta': {
          const item = current();
          item.text += message.text;
          return event('response.reasoning_summary_text.delta', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, delta: message.text });
        }
        case 'reasoning-end': {
          const item = current();
          const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 };
          const part = { type: 'summary_text', text: item.text };
          return (
            event('response.reasoning_summary_text.done', { ...where, text: item.text }) +
            event('response.reasoning_summary_part.done', { ...where, part }) +
            finishItem({ id: item.id, type: 'reasoning', summary: [part] }, item)
          );
        }
        case 'text-start': {
          const added = addItem({ id: message.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] });
          const item = current();
          return (
            added +
            event('response.content_part.added', {
              item_id: item.id,
              output_index: item.outputIndex,
              content_index: 0,
              part: { type: 'output_text', text: '', annotations: [] },
            })
          );
        }
        case 'source': {
          const item = current();
          const annotation = { type: 'url_citation', start_index: 0, end_index: item.text.length, url: message.source.url, title: message.source.title };
          item.annotations.push(annotation);
          return event('response.output_text.annotation.added', {
            item_id: item.id,
            output_index: item.outputIndex,
            content_index: 0,
            annotation_index: item.annotations.length - 1,
            annotation,
          });
        }
        case 'text-end': {
          const item = current();
          const where = { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
          const part = { type: 'output_text', text: item.text, annotations: item.annotations };
          return (
            event('response.output_text.done', { ...where, text: item.text, logprobs: [] }) +
            event('response.content_part.done', { ...where, part }) +
            finishItem({ id: item.id, type: 'message', status: 'completed', role: 'assistant', content: [part] }, item)
          );
        }
        case 'tool-input-start':
          return addItem(
            { id: `fc_${message.call.id.replace(/^call_/u, '')}`, type: 'function_call', status: 'in_progress', call_id: message.call.id, name: message.call.name, arguments: '' },
            message.call.id,
            message.call.name,
          );
        case 'tool-input-delta': {
          const item = current();
          item.text += message.delta;
          return event('response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta: message.delta });
        }
        case 'tool-input-end': {
          const item = current();
          return (
            event('response.function_call_arguments.done', { item_id: item.id, output_index: item.outputIndex, arguments: item.text }) +
            finishItem({ id: item.id, type: 'function_call', status: 'completed', call_id: item.callId, name: item.name, arguments: item.text }, item)
          );
        }
        // The client runs the function; its result goes into the next request.
        case 'tool-result':
        case 'step-boundary':
          return '';
      }
    },
    status: () => '',
    done: (summary: StreamSummary) => {
      const usage = { input_tokens: 0, output_tokens: summary.tokenCount, total_tokens: summary.tokenCount };
      if (summary.finishReason === 'length' || summary.finishReason === 'content-filter') {
        const reason = summary.finishReason === 'length' ? 'max_output_tokens' : 'content_filter';
        return event('response.incomplete', { response: response('incomplete', { incomplete_details: { reason }, usage }) });
      }
      return event('response.completed', { response: response('completed', { usage }) });
    },
    error: (message) => event('error', { code: 'server_error', message, param: null }),
    malformed: () => {
      // An unreadable event still takes its number, so SSE ids and sequence numbers stay equal.
      sequenceNumber += 1;
      return encoder.encode('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n');
    },
  };
}
