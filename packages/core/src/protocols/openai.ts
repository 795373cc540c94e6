import type { ActionSink, FinishReason, Protocol } from '../types.js';
import { finishReasonFrom, isRecord, messageOr, parseRequiredJson, settleToolInput } from './payload.js';
import { createSseProtocol, type SseEvent } from './sse.js';

export interface OpenAiOptions {
  /**
   * Which choice to read when the request asked for several (`n > 1`); the others are skipped,
   * never mixed in.
   * @defaultValue `0`
   */
  choice?: number;
}

/** `finish_reason` → the normalized finish reason (unknown ones → `other`). */
const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

type TextKind = 'text' | 'reasoning' | 'refusal';

interface ToolCall {
  id: string;
  inputText: string;
}

function createChunkHandler(sink: ActionSink, choiceIndex: number): (event: SseEvent) => void {
  // One open text-like part at a time: a change of kind (reasoning → answer) ends the previous one.
  let openKind: TextKind | null = null;
  let openId = '';
  let partCount = 0;
  let refused = false;
  /** Tool calls by their `index` in `delta.tool_calls`. */
  const toolCalls: Array<ToolCall | undefined> = [];
  let settled = false;

  const appendText = (kind: TextKind, text: unknown) => {
    if (typeof text !== 'string' || text === '') return;
    if (openKind !== kind) {
      if (openKind !== null) sink.end(openId);
      openKind = kind;
      partCount += 1;
      openId = `${kind}-${partCount}`;
      if (kind === 'refusal') {
        refused = true;
        sink.start({ type: 'text', id: openId, refusal: true });
      } else {
        sink.start({ type: kind, id: openId });
      }
    }
    sink.append(openId, text);
  };

  const closeText = () => {
    if (openKind !== null) sink.end(openId);
    openKind = null;
  };

  const toolCallDelta = (index: number, call: Record<string, unknown>) => {
    const fn = isRecord(call.function) ? call.function : undefined;
    let tool = toolCalls[index];
    if (!tool) {
      closeText();
      const id = typeof call.id === 'string' && call.id !== '' ? call.id : `call-${index}`;
      tool = { id, inputText: '' };
      toolCalls[index] = tool;
      sink.start({ type: 'tool', id, name: fn && typeof fn.name === 'string' ? fn.name : '' });
    } else if (fn && typeof fn.name === 'string' && fn.name !== '') {
      // Some servers repeat or complete the name in a later delta.
      sink.replace(tool.id, { name: fn.name });
    }
    const args = fn?.arguments;
    if (typeof args === 'string' && args !== '') {
      tool.inputText += args;
      sink.append(tool.id, args);
    }
  };

  const settle = (finishReason: unknown) => {
    if (settled) return;
    settled = true;
    closeText();
    for (const tool of toolCalls) if (tool) settleToolInput(sink, tool.id, tool.inputText);
    if (refused && (finishReason === 'stop' || finishReason === undefined)) sink.finish('refusal');
    else if (finishReason !== undefined) sink.finish(finishReasonFrom(FINISH_REASONS, finishReason));
  };

  const reportError = (payload: Record<string, unknown>) => {
    const error = isRecord(payload.error) ? payload.error : payload;
    sink.error('server', messageOr(error.message, 'OpenAI reported an error'));
  };

  return (event) => {
    if (event.data === '[DONE]') {
      settle(undefined);
      sink.done();
      return;
    }
    const chunk = parseRequiredJson(event.data, 'OpenAI', sink);
    if (!isRecord(chunk)) return;
    // Two error forms: `{"error":{…}}` in a data event, and `event: error` with the bare error object.
    if (isRecord(chunk.error) || event.event === 'error') {
      reportError(chunk);
      return;
    }
    const choices = chunk.choices;
    if (!Array.isArray(choices)) {
      sink.ignore();
      return;
    }
    for (let position = 0; position < choices.length; position += 1) {
      const choice: unknown = choices[position];
      if (!isRecord(choice)) continue;
      const index = typeof choice.index === 'number' ? choice.index : position;
      if (index !== choiceIndex) continue;
      const delta = choice.delta;
      if (isRecord(delta)) {
        appendText('reasoning', delta.reasoning_content ?? delta.reasoning);
        appendText('text', delta.content);
        appendText('refusal', delta.refusal);
        if (Array.isArray(delta.tool_calls)) {
          for (const [fallbackIndex, call] of (delta.tool_calls as unknown[]).entries()) {
            if (isRecord(call)) toolCallDelta(typeof call.index === 'number' ? call.index : fallbackIndex, call);
          }
        }
        // The legacy single `function_call` (before `tool_calls`) is the tool call at index 0.
        if (isRecord(delta.function_call)) toolCallDelta(0, { id: 'function_call', function: delta.function_call });
      }
      const finishReason = choice.finish_reason;
      if (typeof finishReason === 'string') settle(finishReason);
    }
  };
}

/**
 * OpenAI Chat Completions streams (`stream: true`): `delta.content` as a text part,
 * `delta.reasoning_content` (or `delta.reasoning`) as a reasoning part, `delta.refusal` as a
 * text part marked `refusal` (finish reason `refusal`), `delta.tool_calls` as tool parts whose
 * streamed arguments are parsed at `finish_reason`, which becomes the finish reason. With
 * `n > 1` only `choice` is read. `{"error":…}` payloads and `event: error` events are server
 * errors. Ends at `data: [DONE]`; a body that ends before it is `incomplete`.
 * @example `createTokenStream({ url: '/v1/chat/completions', init: { method: 'POST', body }, protocol: openai() })`
 */
export function openai(options: OpenAiOptions = {}): Protocol {
  const choice = options.choice ?? 0;
  if (!Number.isInteger(choice) || choice < 0) {
    throw new TypeError(`openai({ choice }) must be a whole number ≥ 0 (the index of a choice), got ${String(choice)}`);
  }
  return createSseProtocol('openai', (sink) => createChunkHandler(sink, choice), true);
}
