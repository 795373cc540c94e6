import type { ActionSink, FinishReason, Protocol } from '../types.js';
import { finishReasonFrom, isRecord, messageOr, parseJsonOrUndefined, parseRequiredJson, settleToolInput } from './payload.js';
import { createSseProtocol, type SseEvent } from './sse.js';

/** `incomplete_details.reason` → the normalized finish reason (unknown ones → `other`). */
const INCOMPLETE_REASONS: Readonly<Record<string, FinishReason>> = {
  max_output_tokens: 'length',
  content_filter: 'content-filter',
};

/** Events that describe the response's progress but carry nothing to show. */
const PROGRESS_EVENTS = new Set([
  'response.created',
  'response.in_progress',
  'response.queued',
  'response.reasoning_summary_part.done',
]);

/**
 * A built-in tool's progress (`response.web_search_call.searching`, `….file_search_call.completed`,
 * `….code_interpreter_call.interpreting`, `….mcp_call.in_progress`…): its item's `added` and
 * `done` events already say all of it.
 */
const BUILT_IN_TOOL_PROGRESS = /^response\.[a-z_]+_call(_code|_arguments)?\.(in_progress|searching|completed|interpreting|generating|failed|done)$/;

interface FunctionCall {
  id: string;
  inputText: string;
  settled: boolean;
}

function createEventHandler(sink: ActionSink): (event: SseEvent) => void {
  /** Output item id → the function call it is. */
  const functionCalls = new Map<string, FunctionCall>();
  /** Text-like part ids open now, by `item_id` + content (or summary) index. */
  const openParts = new Set<string>();
  const sources = new Map<string, string>();
  let refused = false;
  // The last (item, index, kind) → part id lookup, so consecutive deltas build no string.
  let lastItem: unknown = undefined;
  let lastIndex: unknown = undefined;
  let lastKind = '';
  let lastId = '';

  const partIdOf = (kind: string, item: unknown, index: unknown): string => {
    if (item === lastItem && index === lastIndex && kind === lastKind) return lastId;
    lastItem = item;
    lastIndex = index;
    lastKind = kind;
    lastId = `${String(item)}-${kind}-${typeof index === 'number' ? index : 0}`;
    return lastId;
  };

  const openTextLike = (type: 'text' | 'reasoning', id: string, refusal: boolean) => {
    if (openParts.has(id)) return;
    openParts.add(id);
    if (refusal) {
      refused = true;
      sink.start({ type: 'text', id, refusal: true });
    } else {
      sink.start({ type, id });
    }
  };

  const appendTextLike = (type: 'text' | 'reasoning', id: string, refusal: boolean, delta: unknown) => {
    if (typeof delta !== 'string' || delta === '') return;
    if (!openParts.has(id)) openTextLike(type, id, refusal);
    sink.append(id, delta);
  };

  const endTextLike = (id: string) => {
    if (!openParts.delete(id)) return;
    sink.end(id);
  };

  const startItem = (item: Record<string, unknown>) => {
    if (item.type !== 'function_call' && item.type !== 'custom_tool_call') return;
    const itemId = typeof item.id === 'string' ? item.id : undefined;
    const id = typeof item.call_id === 'string' ? item.call_id : itemId;
    if (id === undefined || (itemId !== undefined && functionCalls.has(itemId))) return;
    const call: FunctionCall = { id, inputText: '', settled: false };
    functionCalls.set(itemId ?? id, call);
    sink.start({ type: 'tool', id, name: typeof item.name === 'string' ? item.name : '' });
  };

  /** Server-run tools (`web_search_call`, `file_search_call`, `code_interpreter_call`, `mcp_call`…), by item id. */
  const builtInTools = new Set<string>();

  const isBuiltInToolItem = (item: Record<string, unknown>): item is Record<string, unknown> & { id: string; type: string } =>
    typeof item.type === 'string' &&
    item.type.endsWith('_call') &&
    item.type !== 'function_call' &&
    item.type !== 'custom_tool_call' &&
    typeof item.id === 'string';

  /** A built-in tool's call as the item describes it: what it was asked (query, code, arguments) and what it gave. */
  const builtInToolFields = (item: Record<string, unknown>) => {
    const args = typeof item.arguments === 'string' ? (parseJsonOrUndefined(item.arguments) ?? item.arguments) : undefined;
    const input = item.action ?? item.queries ?? item.code ?? args;
    const output = item.output ?? item.results ?? item.outputs ?? item.result;
    return { input, output };
  };

  const startBuiltInTool = (item: Record<string, unknown> & { id: string; type: string }) => {
    if (builtInTools.has(item.id)) return;
    builtInTools.add(item.id);
    // An MCP call names its tool; the others are named by their item type (`web_search`, …).
    const name = item.type === 'mcp_call' && typeof item.name === 'string' ? item.name : item.type.slice(0, -'_call'.length);
    sink.start({ type: 'tool', id: item.id, name });
  };

  const finishBuiltInTool = (item: Record<string, unknown> & { id: string; type: string }) => {
    startBuiltInTool(item);
    const { input, output } = builtInToolFields(item);
    const error = item.error;
    if (item.status === 'failed' || (error !== undefined && error !== null)) {
      const errorText = messageOr(isRecord(error) ? error.message : error, `The ${item.type} failed`);
      sink.replace(item.id, { input, state: 'output-error', errorText });
    } else {
      sink.replace(item.id, { input, output, state: 'output-available' });
    }
  };

  const settleCall = (call: FunctionCall | undefined, fullArguments: unknown) => {
    if (!call || call.settled) return;
    call.settled = true;
    // `*.done` carries the whole arguments; prefer them when no (or fewer) deltas arrived.
    if (typeof fullArguments === 'string' && fullArguments.length > call.inputText.length) {
      const missing = fullArguments.startsWith(call.inputText) ? fullArguments.slice(call.inputText.length) : undefined;
      if (missing !== undefined) sink.append(call.id, missing);
      else sink.replace(call.id, { inputText: fullArguments });
      call.inputText = fullArguments;
    }
    settleToolInput(sink, call.id, call.inputText);
  };

  const addAnnotation = (annotation: unknown) => {
    if (!isRecord(annotation)) return;
    let key: string | undefined;
    let url: string | undefined;
    let title: string | undefined;
    if (annotation.type === 'url_citation' && typeof annotation.url === 'string') {
      key = url = annotation.url;
      title = typeof annotation.title === 'string' ? annotation.title : undefined;
    } else if (
      (annotation.type === 'file_citation' || annotation.type === 'container_file_citation') &&
      typeof annotation.file_id === 'string'
    ) {
      key = annotation.file_id;
      title = typeof annotation.filename === 'string' ? annotation.filename : undefined;
    } else {
      sink.ignore();
      return;
    }
    let id = sources.get(key);
    if (id === undefined) {
      id = `source-${sources.size}`;
      sources.set(key, id);
    }
    sink.start({ type: 'source', id, url, title });
  };

  const completedWithToolCalls = (response: unknown): boolean => {
    if (functionCalls.size > 0) return true;
    const output = isRecord(response) ? response.output : undefined;
    return Array.isArray(output) && output.some((item) => isRecord(item) && item.type === 'function_call');
  };

  const closeAll = () => {
    for (const id of openParts) sink.end(id);
    openParts.clear();
    for (const call of functionCalls.values()) settleCall(call, undefined);
  };

  return (event) => {
    const payload = parseRequiredJson(event.data, 'OpenAI Responses', sink);
    if (!isRecord(payload)) return;
    // An SSE `id:` already reported this event's cursor; reporting it twice would read as a duplicate.
    if (event.id === undefined && typeof payload.sequence_number === 'number') {
      if (sink.cursor(String(payload.sequence_number)) === false) return;
    }
    const type = typeof payload.type === 'string' ? payload.type : event.event;
    switch (type) {
      case 'response.output_text.delta':
        appendTextLike('text', partIdOf('text', payload.item_id, payload.content_index), false, payload.delta);
        return;
      case 'response.reasoning_summary_text.delta':
        appendTextLike('reasoning', partIdOf('summary', payload.item_id, payload.summary_index), false, payload.delta);
        return;
      case 'response.reasoning_text.delta':
        appendTextLike('reasoning', partIdOf('reasoning', payload.item_id, payload.content_index), false, payload.delta);
        return;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const call = functionCalls.get(String(payload.item_id));
        if (call && typeof payload.delta === 'string' && payload.delta !== '') {
          call.inputText += payload.delta;
          sink.append(call.id, payload.delta);
        }
        return;
      }
      case 'response.refusal.delta':
        appendTextLike('text', partIdOf('refusal', payload.item_id, payload.content_index), true, payload.delta);
        return;
      case 'response.output_item.added': {
        const item = payload.item;
        if (!isRecord(item)) return;
        if (isBuiltInToolItem(item)) startBuiltInTool(item);
        else startItem(item);
        return;
      }
      case 'response.output_item.done': {
        const item = payload.item;
        if (!isRecord(item)) return;
        if (item.type === 'function_call' || item.type === 'custom_tool_call') {
          startItem(item);
          settleCall(functionCalls.get(String(item.id ?? item.call_id)), item.arguments ?? item.input);
        } else if (isBuiltInToolItem(item)) {
          finishBuiltInTool(item);
        }
        return;
      }
      case 'response.content_part.added': {
        const part = payload.part;
        if (!isRecord(part)) return;
        if (part.type === 'output_text') {
          openTextLike('text', partIdOf('text', payload.item_id, payload.content_index), false);
        } else if (part.type === 'refusal') {
          openTextLike('text', partIdOf('refusal', payload.item_id, payload.content_index), true);
        } else if (part.type === 'reasoning_text') {
          openTextLike('reasoning', partIdOf('reasoning', payload.item_id, payload.content_index), false);
        } else {
          sink.ignore();
        }
        return;
      }
      case 'response.reasoning_summary_part.added':
        openTextLike('reasoning', partIdOf('summary', payload.item_id, payload.summary_index), false);
        return;
      case 'response.content_part.done': {
        const part = payload.part;
        const kind = isRecord(part) && part.type === 'refusal' ? 'refusal' : isRecord(part) && part.type === 'reasoning_text' ? 'reasoning' : 'text';
        endTextLike(partIdOf(kind, payload.item_id, payload.content_index));
        return;
      }
      case 'response.output_text.done':
        endTextLike(partIdOf('text', payload.item_id, payload.content_index));
        return;
      case 'response.refusal.done':
        endTextLike(partIdOf('refusal', payload.item_id, payload.content_index));
        return;
      case 'response.reasoning_summary_text.done':
        endTextLike(partIdOf('summary', payload.item_id, payload.summary_index));
        return;
      case 'response.reasoning_text.done':
        endTextLike(partIdOf('reasoning', payload.item_id, payload.content_index));
        return;
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done':
        settleCall(functionCalls.get(String(payload.item_id)), payload.arguments ?? payload.input);
        return;
      case 'response.output_text.annotation.added':
        addAnnotation(payload.annotation);
        return;
      case 'response.completed':
        closeAll();
        sink.finish(completedWithToolCalls(payload.response) ? 'tool-calls' : refused ? 'refusal' : 'stop');
        sink.done();
        return;
      case 'response.incomplete': {
        closeAll();
        const response = isRecord(payload.response) ? payload.response : undefined;
        const details = response && isRecord(response.incomplete_details) ? response.incomplete_details : undefined;
        sink.finish(finishReasonFrom(INCOMPLETE_REASONS, details?.reason));
        sink.done();
        return;
      }
      case 'response.failed': {
        const response = isRecord(payload.response) ? payload.response : undefined;
        const error = response && isRecord(response.error) ? response.error : undefined;
        sink.error('server', messageOr(error?.message, 'The OpenAI response failed'));
        return;
      }
      case 'error': {
        const error = isRecord(payload.error) ? payload.error : payload;
        sink.error('server', messageOr(error.message, 'OpenAI reported an error'));
        return;
      }
      case 'response.mcp_call_arguments.delta':
      case 'response.code_interpreter_call_code.delta':
        // A built-in tool's input as it streams; the item's `done` carries it whole.
        if (builtInTools.has(String(payload.item_id)) && typeof payload.delta === 'string' && payload.delta !== '') {
          sink.append(String(payload.item_id), payload.delta);
        }
        return;
      default:
        if (type !== undefined && (PROGRESS_EVENTS.has(type) || BUILT_IN_TOOL_PROGRESS.test(type))) return;
        // Audio, image partials and anything newer: skipped and counted, never fatal.
        sink.ignore();
    }
  };
}

/**
 * OpenAI Responses API streams (`stream: true` on `/v1/responses`): `response.output_text.delta`
 * as text parts, reasoning summary and reasoning text deltas as reasoning parts, refusals as text
 * parts marked `refusal`, function calls as tool parts (arguments parsed at `…arguments.done`),
 * `url_citation` / file citations as source parts, `sequence_number` as the cursor.
 * `response.completed` ends it (`stop`, or `tool-calls` when it called functions),
 * `response.incomplete` too (`length` for `max_output_tokens`, `content-filter`);
 * `response.failed` and `error` events are server errors. A body cut before them is `incomplete`.
 * @example `createTokenStream({ url: '/v1/responses', init: { method: 'POST', body }, protocol: openaiResponses() })`
 */
export function openaiResponses(): Protocol {
  return createSseProtocol('openai-responses', createEventHandler, true);
}
