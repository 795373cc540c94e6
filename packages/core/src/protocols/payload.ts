import type { StreamAction } from '../types';

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

export type JsonResult = { ok: true; value: unknown } | { ok: false; action: StreamAction };

/** Parses a payload a preset must understand; failure becomes a `protocol` error action. */
export function parseRequiredJson(text: string, protocolName: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      action: {
        type: 'error',
        kind: 'protocol',
        message: `Malformed ${protocolName} payload: not valid JSON`,
        excerpt: excerptOf(text),
      },
    };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function serverError(message: unknown, fallback: string): StreamAction {
  const text = typeof message === 'string' && message.length > 0 ? message : fallback;
  return { type: 'error', kind: 'server', message: text };
}

/** Map functions may return one action, several, or nothing. */
export type MappedActions = StreamAction | readonly StreamAction[] | null | undefined | void;

export function emitMapped(mapped: MappedActions, emit: (action: StreamAction) => void): void {
  if (!mapped) return;
  if (Array.isArray(mapped)) {
    for (const action of mapped as readonly StreamAction[]) emit(action);
  } else {
    emit(mapped as StreamAction);
  }
}
