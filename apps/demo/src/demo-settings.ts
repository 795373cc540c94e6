import { aiSdk, anthropic, ndjson, openai, openaiResponses, sse, text } from '@sluice/core';
import type { Protocol } from '@sluice/core';
import type { WireFormat } from '@sluice/mock-producer';

/** Which injected fault the next answer should hit. */
export type FaultMode = 'none' | 'httpStatus' | 'errorAfter' | 'stallAfter' | 'dropAfter' | 'dropAndResume' | 'malformedEvery';

export const faultModes: ReadonlyArray<{ value: FaultMode; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'httpStatus', label: 'HTTP 500' },
  { value: 'errorAfter', label: 'Error event after N tokens' },
  { value: 'stallAfter', label: 'Stall after N tokens' },
  { value: 'dropAfter', label: 'Drop connection after N tokens' },
  { value: 'dropAndResume', label: 'Drop connection after N tokens, then resume' },
  { value: 'malformedEvery', label: 'Malformed event every N tokens' },
];

export const formats: readonly WireFormat[] = ['sse', 'ndjson', 'text', 'openai', 'openai-responses', 'anthropic', 'ai-sdk'];

/** Everything the control panel sets: the producer's behaviour and the consumer's. */
export interface DemoSettings {
  format: WireFormat;
  tokens: number;
  seed: number;
  /** Tokens per second; 0 is unlimited. */
  rate: number;
  burst: number;
  /** A progress status every N tokens; 0 sends none. */
  statusEvery: number;
  fault: FaultMode;
  /** The N of the fault (ignored for HTTP 500). */
  faultAfter: number;
  /** The consumer's high-water mark in KiB. */
  highWaterMarkKiB: number;
  /** Idle timeout in ms; 0 disables it. */
  idleTimeoutMs: number;
  /** Main-thread time burned per animation frame, to play a slow device. */
  slowRendererMs: number;
  /** Smooth output: reveal text at a rate tied to the backlog (the `pace` option). */
  pace: boolean;
  /** The most shown text may lag what arrived while `pace` is on. */
  maxLagMs: number;
  /** Reasoning tokens before the answer; 0 sends none. */
  reasoning: number;
  /** Tool calls between two text parts; 0 sends none. */
  toolCalls: number;
  /** Every tool call ends with an error instead of an output. */
  toolError: boolean;
  /** Url sources at the end of the answer; 0 sends none. */
  sources: number;
  /** Why the answer stops, in the format's own words; '' sends the format's default. */
  finishReason: FinishReasonSetting;
  /**
   * Renders answers as markdown (`renderBlock={markdownBlock}`). Off by default for now: with
   * it on, the slow-renderer scenario (e2e/slow-renderer.test.ts) no longer holds the producer
   * to under half the answer; see the parts-ui report.
   */
  markdown: boolean;
}

/** The finish reasons the producer can send; '' leaves it to the format. */
export type FinishReasonSetting = '' | 'stop' | 'length' | 'tool-calls' | 'content-filter';

export const finishReasons: readonly FinishReasonSetting[] = ['', 'stop', 'length', 'tool-calls', 'content-filter'];

export const defaultSettings: DemoSettings = {
  format: 'sse',
  tokens: 2000,
  seed: 1,
  rate: 200,
  burst: 1,
  statusEvery: 50,
  fault: 'none',
  faultAfter: 300,
  highWaterMarkKiB: 64,
  idleTimeoutMs: 5000,
  slowRendererMs: 0,
  pace: false,
  maxLagMs: 300,
  reasoning: 0,
  toolCalls: 0,
  toolError: false,
  sources: 0,
  finishReason: '',
  markdown: false,
};

/**
 * Settings from the page's query string (`?rate=0&tokens=50000&slowRendererMs=40`), so a
 * scenario can be shared as a link and end-to-end tests can open one directly.
 */
export function settingsFromQuery(search: string): DemoSettings {
  const query = new URLSearchParams(search);
  const settings: DemoSettings = { ...defaultSettings };
  const format = query.get('format');
  if (format !== null && (formats as readonly string[]).includes(format)) settings.format = format as WireFormat;
  const fault = query.get('fault');
  if (fault !== null && faultModes.some((mode) => mode.value === fault)) settings.fault = fault as FaultMode;
  const finishReason = query.get('finishReason');
  if (finishReason !== null && (finishReasons as readonly string[]).includes(finishReason)) settings.finishReason = finishReason as FinishReasonSetting;
  for (const name of ['toolError', 'markdown'] as const) {
    const raw = query.get(name);
    if (raw === 'true' || raw === '1') settings[name] = true;
    else if (raw === 'false' || raw === '0') settings[name] = false;
  }
  const numericNames = ['tokens', 'seed', 'rate', 'burst', 'statusEvery', 'faultAfter', 'highWaterMarkKiB', 'idleTimeoutMs', 'slowRendererMs', 'maxLagMs', 'reasoning', 'toolCalls', 'sources'] as const;
  for (const name of numericNames) {
    const raw = query.get(name);
    const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isFinite(value) && value >= 0) settings[name] = value;
  }
  settings.pace = query.get('pace') === '1' || query.get('pace') === 'true';
  if (settings.maxLagMs <= 0) settings.maxLagMs = defaultSettings.maxLagMs;
  return settings;
}

/** The producer endpoint with these settings as query parameters (the producer reads them there). */
export function streamUrl(settings: DemoSettings): string {
  const query = new URLSearchParams({
    format: settings.format,
    tokens: String(settings.tokens),
    seed: String(settings.seed),
    rate: String(settings.rate),
    burst: String(Math.max(1, settings.burst)),
    statusEvery: String(settings.statusEvery),
  });
  // Part options only when asked for: the producer answers 400 to options a format cannot carry.
  if (settings.reasoning > 0) query.set('reasoning', String(settings.reasoning));
  if (settings.toolCalls > 0) query.set('toolCalls', String(settings.toolCalls));
  if (settings.toolCalls > 0 && settings.toolError) query.set('toolError', 'true');
  if (settings.sources > 0) query.set('sources', String(settings.sources));
  if (settings.finishReason !== '') query.set('finishReason', settings.finishReason);
  if (settings.fault === 'httpStatus') query.set('httpStatus', '500');
  else if (settings.fault === 'dropAndResume') {
    query.set('dropAfter', String(settings.faultAfter));
    // Ids are what a resume starts after; only SSE-framed formats carry them.
    if (canResume(settings.format)) query.set('eventIds', 'true');
  } else if (settings.fault !== 'none') query.set(settings.fault, String(Math.max(settings.fault === 'malformedEvery' ? 1 : 0, settings.faultAfter)));
  return `/api/stream?${query.toString()}`;
}

/** Formats the producer can number events in (`eventIds`), so a dropped answer can resume. */
export function canResume(format: WireFormat): boolean {
  return format !== 'ndjson' && format !== 'text';
}

/**
 * The producer's replay endpoint, when the fault asks for a resume. The chat POSTs its prompt,
 * so the kit never sends that request again; `resume()` asks this GET for the rest instead.
 */
export function resumeUrl(settings: DemoSettings): string | undefined {
  return settings.fault === 'dropAndResume' && canResume(settings.format) ? '/api/resume' : undefined;
}

const protocolFactories: Record<WireFormat, () => Protocol> = {
  sse: () => sse(),
  ndjson: () => ndjson(),
  text: () => text(),
  openai: () => openai(),
  'openai-responses': () => openaiResponses(),
  anthropic: () => anthropic(),
  'ai-sdk': () => aiSdk(),
};

/** The parser for a wire format (the producer's names match the core presets one to one). */
export function protocolFor(format: WireFormat): Protocol {
  return protocolFactories[format]();
}
