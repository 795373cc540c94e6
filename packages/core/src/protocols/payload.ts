import type { ActionSink, FinishReason, StreamAction } from '../types.js';

/** Longest piece of an offending payload that errors carry. */
const EXCERPT_LENGTH = 200;

export function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Parses JSON or returns undefined; status payloads may legitimately be plain text. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Marks a payload a preset could not read. */
const UNREADABLE = Symbol('unreadable');

/**
 * Parses a payload a preset must understand; on failure reports a `protocol` error (with the
 * offending excerpt) and returns `UNREADABLE`.
 */
export function parseRequiredJson(text: string, protocolName: string, sink: ActionSink): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    sink.error('protocol', `Malformed ${protocolName} payload: not valid JSON`, excerptOf(text));
    return UNREADABLE;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function messageOr(message: unknown, fallback: string): string {
  return typeof message === 'string' && message.length > 0 ? message : fallback;
}

/** Map functions may return one action, several, or nothing. */
export type MappedActions = StreamAction | readonly StreamAction[] | null | undefined | void;

function dispatch(action: StreamAction, sink: ActionSink): void {
  switch (action.type) {
    case 'token':
      sink.token(action.text);
      return;
    case 'status':
      sink.status(action.statusType, action.data);
      return;
    case 'done':
      sink.done();
      return;
    case 'error':
      sink.error(action.kind, action.message, action.excerpt);
      return;
    case 'start':
      sink.start(action.part);
      return;
    case 'append':
      sink.append(action.id, action.text);
      return;
    case 'replace':
      sink.replace(action.id, action.fields);
      return;
    case 'end':
      sink.end(action.id);
      return;
    case 'finish':
      sink.finish(action.reason);
      return;
    case 'cursor':
      sink.cursor(action.id);
      return;
    case 'ignore':
      sink.ignore();
      return;
  }
}

export function dispatchMapped(mapped: MappedActions, sink: ActionSink): void {
  if (!mapped) return;
  if (Array.isArray(mapped)) {
    for (const action of mapped as readonly StreamAction[]) dispatch(action, sink);
  } else {
    dispatch(mapped as StreamAction, sink);
  }
}

/**
 * Wraps a sink so a parser knows when the stream has ended (a terminal action went out);
 * `token` and `status` stay the caller's own functions, so the hot path pays nothing.
 */
export function trackEnd(sink: ActionSink): { sink: ActionSink; hasEnded: () => boolean; reopen: () => void } {
  let ended = false;
  return {
    sink: {
      ...sink,
      done() {
        ended = true;
        sink.done();
      },
      error(kind, message, excerpt) {
        ended = true;
        sink.error(kind, message, excerpt);
      },
    },
    hasEnded: () => ended,
    // A resumed connection: the `incomplete` the cut body reported did not end the run.
    reopen: () => {
      ended = false;
    },
  };
}

/** Normalizes a provider's finish reason spelling (`content_filter`, `tool-calls`, …) for lookup tables. */
export function finishReasonFrom(table: Readonly<Record<string, FinishReason>>, reason: unknown): FinishReason {
  return typeof reason === 'string' && Object.hasOwn(table, reason) ? (table[reason] as FinishReason) : 'other';
}

/** Why a tool input that never became valid JSON has no `input`. */
export const INVALID_TOOL_INPUT = 'The tool input is not valid JSON';

/**
 * Settles a streamed tool input: valid JSON (or nothing, which providers send for a call without
 * arguments) makes it `input-available`; anything else keeps `inputText`, leaves `input` undefined
 * and marks the part `output-error` with a clear `errorText`. Never throws.
 */
export function settleToolInput(sink: ActionSink, id: string, inputText: string): void {
  if (inputText.trim() === '') {
    sink.replace(id, { input: {}, state: 'input-available' });
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(inputText) as unknown;
  } catch {
    sink.replace(id, { state: 'output-error', errorText: `${INVALID_TOOL_INPUT}: ${excerptOf(inputText, 80)}` });
    return;
  }
  sink.replace(id, { input, state: 'input-available' });
}

/** Most of a body kept for the JSON-error-body check; an error object is far smaller. */
export const ERROR_BODY_PREFIX_LIMIT = 64 * 1024;

/**
 * The message of a body that is one JSON error object instead of a stream (`{"error":{"message":…}}`,
 * `{"error":"…"}`, Anthropic's `{"type":"error","error":{…}}`, a bare `{message, type, code}`,
 * `{"detail":"…"}`), or undefined when the body is anything else.
 */
export function errorMessageOfJsonBody(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return undefined;
  const value = parseJsonOrUndefined(trimmed);
  if (!isRecord(value)) return undefined;
  const { error } = value;
  if (typeof error === 'string' && error !== '') return error;
  if (isRecord(error)) return messageOr(error.message, 'The server answered with an error instead of a stream');
  if (typeof value.detail === 'string' && value.detail !== '') return value.detail;
  const looksLikeError = value.type === 'error' || 'code' in value || 'status' in value;
  if (looksLikeError && typeof value.message === 'string' && value.message !== '') return value.message;
  return undefined;
}
