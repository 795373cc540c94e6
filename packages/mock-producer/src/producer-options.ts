import { defaultSeed, defaultTokenCount } from './token-source.js';

/** Every wire format the producer can speak (the formats `@sluice/core` reads). */
export const wireFormats = ['sse', 'ndjson', 'text', 'openai', 'openai-responses', 'anthropic', 'ai-sdk'] as const;
export type WireFormat = (typeof wireFormats)[number];

/** Why the answer stopped, as the producer can say it; each format maps it to its provider's own word. */
export const producerFinishReasons = ['stop', 'length', 'tool-calls', 'content-filter'] as const;
export type ProducerFinishReason = (typeof producerFinishReasons)[number];

/**
 * What one stream should look like. Every option is also accepted as a query parameter
 * (`/stream?format=ndjson&tokens=2000&rate=50`) and as a field of a JSON POST body.
 */
export interface ProducerOptions {
  /**
   * Wire format of the body.
   * @defaultValue `'sse'`
   * @example `format: 'openai'`
   */
  format: WireFormat;
  /**
   * Number of tokens in the answer.
   * @defaultValue `500`
   * @example `tokens: 2_000_000`
   */
  tokens: number;
  /**
   * Seed of the token source: the same seed gives the same bytes.
   * @defaultValue `1`
   * @example `seed: 42`
   */
  seed: number;
  /**
   * Text to replay instead of generated prose (see `TokenSourceOptions.corpus`).
   * @defaultValue generated prose
   * @example `corpus: 'Hello there, how can I help?'`
   */
  corpus?: string;
  /**
   * Tokens per second; `0` is as fast as the consumer reads.
   * @defaultValue `0` (unlimited)
   * @example `rate: 50`
   */
  rate: number;
  /**
   * Tokens per write (and per rate tick): a burst of 200 models a server that flushes in clumps.
   * @defaultValue `1`
   * @example `burst: 200`
   */
  burst: number;
  /**
   * Send a progress status every N tokens (`{ percent, label }`); `0` sends none. Formats without
   * status updates (text, openai, anthropic) skip them.
   * @defaultValue `0`
   * @example `statusEvery: 50`
   */
  statusEvery: number;
  /**
   * Answer with this HTTP status and a short text body instead of streaming.
   * @defaultValue none
   * @example `httpStatus: 503`
   */
  httpStatus?: number;
  /**
   * Send the format's error event after N tokens, then end the body. The `text` format cannot
   * express an error, so it drops the connection instead.
   * @defaultValue none
   * @example `errorAfter: 100`
   */
  errorAfter?: number;
  /**
   * Stop writing after N tokens but keep the connection open (until the client leaves).
   * @defaultValue none
   * @example `stallAfter: 100`
   */
  stallAfter?: number;
  /**
   * Destroy the connection after N tokens, mid-stream, without a terminal marker.
   * @defaultValue none
   * @example `dropAfter: 100`
   */
  dropAfter?: number;
  /**
   * After every N tokens, write one event the format's parser cannot read: invalid JSON for
   * ndjson, openai, anthropic and ai-sdk; invalid UTF-8 bytes for sse and text.
   * @defaultValue none
   * @example `malformedEvery: 25`
   */
  malformedEvery?: number;
  /**
   * Reasoning tokens streamed as a reasoning part before the answer. Not for `text`.
   * @defaultValue `0`
   * @example `reasoning: 40`
   */
  reasoning: number;
  /**
   * Tool calls between two text parts: each has a name and a JSON input streamed in deltas,
   * then (in formats that carry tool results: sse, ndjson, ai-sdk) an output. The answer's
   * tokens are split into a text part before the calls and one after them (OpenAI Chat
   * Completions has no text part boundary: all text comes before the calls). Not for `text`.
   * @defaultValue `0`
   * @example `toolCalls: 2`
   */
  toolCalls: number;
  /**
   * Every tool call ends with an error instead of an output. Needs `toolCalls` and a format
   * that carries tool results (sse, ndjson, ai-sdk).
   * @defaultValue `false`
   * @example `toolError: true`
   */
  toolError: boolean;
  /**
   * URL sources cited at the end of the last text part. Not for `text` and `openai` (Chat
   * Completions streams no source event).
   * @defaultValue `0`
   * @example `sources: 3`
   */
  sources: number;
  /**
   * Why the answer stopped, sent in the format's own words (Anthropic `stop_reason`, OpenAI
   * `finish_reason`, Responses `response.completed`/`response.incomplete`, AI SDK
   * `finish.finishReason`, a `finish` event in sse and ndjson). Not for `text`.
   * @defaultValue none: `stop` where the format always names one (openai, anthropic,
   * openai-responses), nothing elsewhere
   * @example `finishReason: 'length'`
   */
  finishReason?: ProducerFinishReason;
  /**
   * An SSE `id:` on every event (numbered from 0 across the whole stream; in openai-responses it
   * equals the event's `sequence_number`), so a client can resume with `Last-Event-ID`. SSE-framed
   * formats only.
   * @defaultValue `false`
   * @example `eventIds: true`
   */
  eventIds: boolean;
  /**
   * Replay strictly after this event id: what a `Last-Event-ID` request header sets (the header
   * wins). Faults at or before the resumed position do not fire again. Needs `eventIds`.
   * @defaultValue none (from the start)
   * @example `lastEventId: 41`
   */
  lastEventId?: number;
  /**
   * Destroy the connection after every N tokens of the stream (at N, 2N, …), without a terminal
   * marker; with resume, each connection is cut at the next multiple.
   * @defaultValue none
   * @example `dropEvery: 100`
   */
  dropEvery?: number;
  /**
   * Send every Nth event twice with the same id (a server that repeats itself); a client must
   * skip events at or before its cursor. Needs `eventIds`.
   * @defaultValue none
   * @example `duplicateIdEvery: 10`
   */
  duplicateIdEvery?: number;
}

/** The fault that ended a stream early, named after the option that caused it. */
export type ProducerFault = 'httpStatus' | 'errorAfter' | 'stallAfter' | 'dropAfter' | 'dropEvery';

export const defaultProducerOptions: Readonly<ProducerOptions> = {
  format: 'sse',
  tokens: defaultTokenCount,
  seed: defaultSeed,
  rate: 0,
  burst: 1,
  statusEvery: 0,
  reasoning: 0,
  toolCalls: 0,
  toolError: false,
  sources: 0,
  eventIds: false,
};

/** Input as it arrives from a query string, a JSON body or code: strings are parsed as numbers. */
export type ProducerOptionsInput = { [Name in keyof ProducerOptions]?: ProducerOptions[Name] | string | null };

export type ParseResult = { ok: true; options: ProducerOptions } | { ok: false; message: string };

interface NumberRule {
  minimum: number;
  maximum: number;
  integer: boolean;
}

const numberRules: Record<string, NumberRule> = {
  tokens: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  seed: { minimum: 0, maximum: 0xffffffff, integer: true },
  rate: { minimum: 0, maximum: 1e9, integer: false },
  burst: { minimum: 1, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  statusEvery: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  httpStatus: { minimum: 200, maximum: 599, integer: true },
  errorAfter: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  stallAfter: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  dropAfter: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  malformedEvery: { minimum: 1, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  reasoning: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  toolCalls: { minimum: 0, maximum: 100, integer: true },
  sources: { minimum: 0, maximum: 100, integer: true },
  lastEventId: { minimum: 0, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  dropEvery: { minimum: 1, maximum: Number.MAX_SAFE_INTEGER, integer: true },
  duplicateIdEvery: { minimum: 1, maximum: Number.MAX_SAFE_INTEGER, integer: true },
};

/** Formats whose wire carries tool results (elsewhere the client runs the tool). */
const formatsWithToolResults: readonly WireFormat[] = ['sse', 'ndjson', 'ai-sdk'];

function parseNumber(name: string, raw: unknown, rule: NumberRule): number | string {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `"${name}" must be a number, got ${JSON.stringify(raw)}`;
  }
  if (rule.integer && !Number.isInteger(value)) return `"${name}" must be a whole number, got ${value}`;
  if (value < rule.minimum || value > rule.maximum) {
    return `"${name}" must be between ${rule.minimum} and ${rule.maximum}, got ${value}`;
  }
  return value;
}

function parseBoolean(name: string, raw: unknown): boolean | string {
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  return `"${name}" must be true or false, got ${JSON.stringify(raw)}`;
}

/** Part options a format cannot carry are reported rather than silently dropped. */
function checkPartsFit(options: ProducerOptions): string | null {
  if (options.format === 'text') {
    const asked: string[] = (['reasoning', 'toolCalls', 'sources'] as const).filter((name) => options[name] > 0);
    if (options.finishReason !== undefined) asked.push('finishReason');
    if (options.toolError) asked.push('toolError');
    if (asked.length > 0) return `the text format carries only text; ${asked.map((name) => `"${name}"`).join(', ')} needs another format`;
  }
  if (options.format === 'openai' && options.sources > 0) {
    return '"sources" is not available in the openai format (Chat Completions streams no source event); use openai-responses, anthropic, ai-sdk, sse or ndjson';
  }
  if (options.eventIds && (options.format === 'ndjson' || options.format === 'text')) {
    return `"eventIds" needs an SSE-framed format; ${options.format} has no event ids`;
  }
  for (const name of ['lastEventId', 'duplicateIdEvery'] as const) {
    if (options[name] !== undefined && !options.eventIds) return `"${name}" needs "eventIds": true`;
  }
  if (options.toolError) {
    if (options.toolCalls === 0) return '"toolError" needs "toolCalls" of at least 1';
    if (!formatsWithToolResults.includes(options.format)) {
      return `"toolError" needs a format that carries tool results (${formatsWithToolResults.join(', ')}); in ${options.format} the client runs the tool`;
    }
  }
  return null;
}

function isWireFormat(value: unknown): value is WireFormat {
  return typeof value === 'string' && (wireFormats as readonly string[]).includes(value);
}

/**
 * Validates and completes producer options from any source. Unknown names are ignored (a chat
 * client may POST `{ messages }` along with them); nonsense values are reported, not thrown,
 * because they come from requests.
 *
 * @example
 * ```ts
 * const result = parseProducerOptions(Object.fromEntries(url.searchParams));
 * if (!result.ok) return respond(400, result.message);
 * ```
 */
export function parseProducerOptions(...inputs: Array<ProducerOptionsInput | Record<string, unknown> | undefined>): ParseResult {
  const merged: Record<string, unknown> = {};
  for (const input of inputs) {
    if (input === undefined) continue;
    // Later inputs win, but an undefined or null value never erases an earlier one.
    for (const [name, value] of Object.entries(input)) if (value !== undefined && value !== null) merged[name] = value;
  }
  const options: ProducerOptions = { ...defaultProducerOptions };
  if (merged.format !== undefined) {
    if (!isWireFormat(merged.format)) {
      return { ok: false, message: `"format" must be one of ${wireFormats.join(', ')}, got ${JSON.stringify(merged.format)}` };
    }
    options.format = merged.format;
  }
  if (merged.corpus !== undefined) {
    if (typeof merged.corpus !== 'string' || merged.corpus.trim() === '') {
      return { ok: false, message: '"corpus" must be a non-empty string' };
    }
    options.corpus = merged.corpus;
  }
  for (const [name, rule] of Object.entries(numberRules)) {
    if (merged[name] === undefined) continue;
    const parsed = parseNumber(name, merged[name], rule);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    (options as unknown as Record<string, number>)[name] = parsed;
  }
  for (const name of ['toolError', 'eventIds'] as const) {
    if (merged[name] === undefined) continue;
    const parsed = parseBoolean(name, merged[name]);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    options[name] = parsed;
  }
  if (merged.finishReason !== undefined) {
    const reason = merged.finishReason;
    if (typeof reason !== 'string' || !(producerFinishReasons as readonly string[]).includes(reason)) {
      return { ok: false, message: `"finishReason" must be one of ${producerFinishReasons.join(', ')}, got ${JSON.stringify(reason)}` };
    }
    options.finishReason = reason as ProducerFinishReason;
  }
  const misfit = checkPartsFit(options);
  if (misfit !== null) return { ok: false, message: misfit };
  return { ok: true, options };
}

/**
 * Like {@link parseProducerOptions} for options written in code: misuse throws with the reason.
 */
export function resolveProducerOptions(...inputs: Array<ProducerOptionsInput | undefined>): ProducerOptions {
  const result = parseProducerOptions(...inputs);
  if (!result.ok) throw new TypeError(`@sluice/mock-producer: ${result.message}`);
  return result.options;
}
