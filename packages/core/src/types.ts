/**
 * Public types of the sluice core. Other packages and tests rely on these names
 * (see DESIGN.md, "Core contract").
 */

/**
 * Where a run is in its life. Only `abort()` and `reset()` publish at once; every other change arrives with a flush.
 * `reconnecting`: the connection dropped and the run waits for, or has sent, a request that resumes it.
 */
export type StreamPhase = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'done' | 'error' | 'aborted';

/** What went wrong, as a value: errors never throw out of `start()`. */
export type StreamErrorKind = 'http' | 'network' | 'timeout' | 'protocol' | 'server' | 'incomplete';

/** Which timeout fired, for `kind: 'timeout'`. */
export type TimeoutName = 'firstToken' | 'idle' | 'total';

export interface StreamError {
  kind: StreamErrorKind;
  /** One human-readable sentence. */
  message: string;
  /** HTTP status code, for `kind: 'http'`. */
  status?: number;
  /** Up to 1 KB of the response body (`http`) or of the offending payload (`protocol`). */
  excerpt?: string;
  /** Which timeout fired, for `kind: 'timeout'`. */
  timeout?: TimeoutName;
  /** The underlying error, when there was one (a `TypeError` from fetch, say). */
  cause?: unknown;
}

/** The latest intermediate update a server sent (progress, tool activity, …). */
export interface StreamStatus {
  type: string;
  data: unknown;
}

/**
 * One part of a streamed message, in arrival order (see DESIGN.md, "Messages of parts").
 * A flush replaces only the part objects that changed; every other part keeps its identity.
 */
export type MessagePart = TextPart | ReasoningPart | ToolPart | SourcePart | FilePart | DataPart;

export type TextPartState = 'streaming' | 'done';

export interface TextPart {
  type: 'text';
  id: string;
  text: string;
  state: TextPartState;
  /** The model declined: the text is its refusal (OpenAI `delta.refusal`). */
  refusal?: true;
}

export interface ReasoningPart {
  type: 'reasoning';
  id: string;
  text: string;
  state: TextPartState;
}

export type ToolPartState =
  | 'input-streaming'
  | 'input-available'
  | 'approval-requested'
  | 'output-available'
  | 'output-error'
  | 'output-denied';

export interface ToolPart {
  type: 'tool';
  id: string;
  name: string;
  /** The tool input as streamed so far (usually JSON text). */
  inputText: string;
  /** The parsed input, once complete and valid. */
  input?: unknown;
  output?: unknown;
  errorText?: string;
  /** The output is an intermediate one; a later one replaces it. */
  preliminary?: true;
  state: ToolPartState;
}

export interface SourcePart {
  type: 'source';
  id: string;
  url?: string;
  title?: string;
  mediaType?: string;
}

export interface FilePart {
  type: 'file';
  id: string;
  url: string;
  mediaType: string;
}

export interface DataPart {
  type: 'data';
  id: string;
  /** The data type without its `data-` prefix, e.g. `weather` for `data-weather`. */
  name: string;
  data: unknown;
}

/** Why the model stopped, normalized across providers; null while unknown. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'refusal' | 'error' | 'other';

/** A part as a protocol opens it: every field of its type, `state` optional (it starts streaming). */
export type PartStart =
  | (Omit<TextPart, 'state' | 'text'> & { text?: string; state?: TextPartState })
  | (Omit<ReasoningPart, 'state' | 'text'> & { text?: string; state?: TextPartState })
  | (Omit<ToolPart, 'state' | 'inputText'> & { inputText?: string; state?: ToolPartState })
  | SourcePart
  | FilePart
  | DataPart;

/** Some fields of one part type, without `id` and `type`. */
type FieldsOf<Part> = Partial<Omit<Part, 'id' | 'type'>>;

/**
 * Fields a protocol replaces on an open part (never `id` or `type`): any of one part type's
 * fields, e.g. `{ state: 'output-available', output }` for a tool part. A union, not an
 * intersection: the part types' `state` values differ, and their intersection is empty.
 */
export type PartFields =
  | FieldsOf<TextPart>
  | FieldsOf<ReasoningPart>
  | FieldsOf<ToolPart>
  | FieldsOf<SourcePart>
  | FieldsOf<FilePart>
  | FieldsOf<DataPart>;

export interface StreamMetrics {
  /** Streamed pieces received: `token()` calls and non-empty `append()`s (text, reasoning, tool input). */
  tokens: number;
  /** Bytes read from the response body. */
  bytes: number;
  /** Flushes that published a new snapshot. */
  flushes: number;
  /** Status updates, and replacements of one part's fields, replaced by a later one within the same flush. */
  droppedStatus: number;
  /** Streamed characters (text, reasoning, tool input) received but never shown because `abort()` came first. */
  discardedChars: number;
  /** Milliseconds from `start()` to the first token, or null before it. */
  firstTokenMs: number | null;
  /** Milliseconds from `start()` to the end of the run (or to now while it runs). */
  durationMs: number;
  /** Tokens per second over the run so far. */
  tokensPerSecond: number;
  /** The most bytes ever waiting between read and flush. */
  maxBufferedBytes: number;
  /** Times reading paused because the un-flushed bytes were over `highWaterMark`. */
  readPauses: number;
  /** Reconnect attempts made after a dropped connection. */
  reconnects: number;
  /** The frame clock's current flush interval: about one frame, stretched while frames overrun. */
  flushIntervalMs: number;
  /** Events or chunks the protocol did not know and skipped (never fatal). */
  ignoredEvents: number;
}

export interface StreamSnapshot {
  /** The text parts' texts joined with a blank line; for a one-part stream exactly that part's text. */
  text: string;
  /** Every part of the message in arrival order; unchanged parts keep their identity across flushes. */
  parts: readonly MessagePart[];
  phase: StreamPhase;
  status: StreamStatus | null;
  error: StreamError | null;
  /** Why the model stopped, when the protocol said so. */
  finishReason: FinishReason | null;
  /** The last event id the stream delivered (SSE `id:`, OpenAI Responses `sequence_number`), or null. */
  cursor: string | null;
  metrics: StreamMetrics;
}

/** What a protocol turns bytes into. */
export type StreamAction =
  | { type: 'token'; text: string }
  | { type: 'status'; statusType: string; data: unknown }
  | { type: 'done' }
  | { type: 'error'; kind: StreamErrorKind; message: string; excerpt?: string }
  | { type: 'start'; part: PartStart }
  | { type: 'append'; id: string; text: string }
  | { type: 'replace'; id: string; fields: PartFields }
  | { type: 'end'; id: string }
  | { type: 'finish'; reason: FinishReason }
  | { type: 'cursor'; id: string }
  | { type: 'ignore' };

/**
 * Where a protocol parser sends what it read: the four actions of DESIGN.md as calls, so the
 * hot path (one call per token) allocates nothing. Methods may be called detached.
 */
export interface ActionSink {
  /** Appends to the current text part, opening one if the last part is not an open text part. The hot path. */
  token(text: string): void;
  /** A status update; within one flush only the latest is published (the others count in `droppedStatus`). */
  status(type: string, data: unknown): void;
  /** The stream ended as it should. */
  done(): void;
  error(kind: StreamErrorKind, message: string, excerpt?: string): void;
  /**
   * Opens a part (a new id) at the end of `parts`; `state` is optional (text and reasoning start
   * `streaming`, tools `input-streaming`). Starting an id that exists replaces its fields instead,
   * in place; with another `type`, that part starts over as the new type.
   */
  start(part: PartStart): void;
  /**
   * Appends to a part: a text or reasoning part's `text`, a tool part's `inputText`. Never dropped.
   * An unknown id (or a part without text) is ignored and counted in `metrics.ignoredEvents`.
   */
  append(id: string, text: string): void;
  /**
   * Replaces fields of a part; within one flush, replacements of the same part collapse to the
   * latest (each collapsed one counts in `metrics.droppedStatus`). Unknown ids are ignored and counted.
   */
  replace(id: string, fields: PartFields): void;
  /** Marks a text or reasoning part `done`. */
  end(id: string): void;
  /** Records why the model stopped (not the end of the stream: `done` or an error still follows). */
  finish(reason: FinishReason): void;
  /**
   * The id of the event about to be handled, for resuming. Returns false when that event was
   * delivered before (its id is at or before the cursor: a replay or a duplicate): the protocol
   * then skips it, and what it reports is ignored anyway.
   */
  cursor(id: string): boolean | void;
  /** An event the protocol did not know and skipped; counted in `metrics.ignoredEvents`. */
  ignore(): void;
}

/**
 * A wire-format parser. `feed` takes decoded text in arbitrary chunks (a chunk may end
 * anywhere, even inside a line) and reports actions to the sink; `end` is called once
 * when the body ends and reports `done` or a final error (e.g. `incomplete`).
 */
export interface ProtocolParser {
  feed(text: string): void;
  end(): void;
  /**
   * The connection was replaced by a resumed one: forget a partly received event (it is sent
   * again whole) but keep what the stream said so far (open parts, tool calls). A parser without
   * it is replaced by a fresh one from `createParser`.
   */
  restart?(): void;
}

export interface Protocol {
  /** A short name for errors and debugging, e.g. `'sse'`, `'openai'`. */
  readonly name: string;
  /** Creates a fresh parser for one run. */
  createParser(sink: ActionSink): ProtocolParser;
}

/** `'frame'` (default), a flush interval in milliseconds, or a custom scheduler that returns a cancel function. */
export type FlushSchedule = 'frame' | number | ((flush: () => void) => () => void);

export interface StreamTimeouts {
  /** Milliseconds from `start()` to the first token. */
  firstToken?: number;
  /** Milliseconds allowed between two reads that return data. */
  idle?: number;
  /** Milliseconds for the whole run. */
  total?: number;
}

/** The `pace` option: smooth reveal of streamed text with a bounded lag. */
export interface PaceOptions {
  /**
   * The most that shown text may lag behind its arrival, in milliseconds.
   * @defaultValue `300`
   */
  maxLagMs?: number;
  /**
   * Where `prefers-reduced-motion` is read (checked at every flush, so a change applies at once).
   * Inject one in tests or hosts without a DOM.
   * @defaultValue `globalThis.matchMedia` (none in Node: pacing stays on)
   */
  matchMedia?: (query: string) => { readonly matches: boolean };
}

/** How a run tries again after its connection dropped (see `TokenStreamOptions.reconnect`). */
export interface ReconnectOptions {
  /**
   * Attempts after a drop, counted over the whole run (`metrics.reconnects`).
   * @defaultValue `5` for a GET or when `resume` is given; `0` for any other method without `resume`
   */
  attempts?: number;
  /**
   * Milliseconds to wait before attempt `attempt` (1-based).
   * @defaultValue `min(1000 · 2^(attempt - 1), 5000)` plus up to 1,000 ms of random jitter
   * @example `delay: (attempt) => attempt * 500`
   */
  delay?: (attempt: number) => number;
}

/** The request that resumes a dropped run: its `init` replaces the original one (no body is carried over). */
export interface ResumeRequest {
  url: string | URL;
  init?: RequestInit;
}

export interface FinishInfo {
  snapshot: StreamSnapshot;
}

export interface TokenStreamOptions {
  /**
   * What to fetch.
   * @example `url: '/api/chat'`
   */
  url?: string | URL;
  /**
   * Default `RequestInit` (method, headers, body). The run's `AbortSignal` is added; a signal
   * you pass here is followed too (aborting it aborts the run). Without an `Accept` header of
   * yours, `Accept: text/event-stream, application/x-ndjson, text/plain;q=0.9` is sent.
   * @defaultValue `{}`
   */
  init?: RequestInit;
  /**
   * The fetch implementation, e.g. a mock or a wrapper that adds auth headers.
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof globalThis.fetch;
  /**
   * How the body is parsed.
   * @defaultValue chosen by the response: `x-vercel-ai-ui-message-stream: v1` → `aiSdk()`; then by
   * Content-Type: `text/event-stream` → `sse()`, `application/x-ndjson` or `application/jsonl` →
   * `ndjson()`, anything else → `text()`.
   * @example `protocol: openai()`
   */
  protocol?: Protocol;
  /**
   * When pending tokens are published.
   * @defaultValue `'frame'` (one flush per animation frame, shared by every stream on the page)
   */
  schedule?: FlushSchedule;
  /**
   * Bytes of read-but-unflushed data above which reading pauses until the next flush.
   * @defaultValue `1048576` (1 MiB)
   */
  highWaterMark?: number;
  /**
   * Timeouts in milliseconds; each one aborts the request and ends the run with `kind: 'timeout'`.
   * @defaultValue none
   * @example `timeouts: { firstToken: 10_000, idle: 30_000 }`
   */
  timeouts?: StreamTimeouts;
  /**
   * Reveals appended text and reasoning smoothly instead of in read-sized jumps, at a rate tied
   * to the backlog so what is shown never lags what arrived by more than `maxLagMs`. Off under
   * `prefers-reduced-motion: reduce`. Terminal events, part replacements and a part's end reveal
   * at once; Stop freezes what is shown; unrevealed text counts toward `highWaterMark`.
   * @defaultValue `false`
   * @example `pace: { maxLagMs: 300 }`
   */
  pace?: PaceOptions | false;
  /**
   * Reconnecting after a drop: a network error, a reset or an end before the terminal marker,
   * after the first byte. A GET is sent again to the same URL with `Last-Event-ID: <cursor>`;
   * any other method only through `resume`, so a request with a body is never sent twice by the
   * kit on its own. HTTP errors, server `error` events and AI SDK `abort` chunks are answers and
   * are never retried. `false` switches reconnecting off.
   * @defaultValue `{ attempts: 5 }` for a GET or with `resume`, no reconnecting otherwise
   * @example `reconnect: { attempts: 3, delay: (attempt) => 250 * attempt }`
   */
  reconnect?: ReconnectOptions | false;
  /**
   * Builds the request that resumes a dropped run, from the last event id delivered (`cursor`,
   * null when the server sent none) and the snapshot so far. Return null when there is nothing
   * to resume (the run ends `incomplete`, text kept). The returned `init` replaces `init`
   * entirely; add `Last-Event-ID` yourself if your endpoint reads it. Events at or before the
   * cursor in the response are skipped. A `204` answer ends the run `incomplete`, a 4xx/5xx `http`.
   * @defaultValue none (a GET resumes with `Last-Event-ID`; other methods do not resume)
   * @example
   * ```ts
   * resume: (cursor) => ({ url: `/api/chat/${chatId}/stream`, init: { headers: { 'Last-Event-ID': cursor ?? '' } } })
   * ```
   */
  resume?: (cursor: string | null, snapshot: StreamSnapshot) => ResumeRequest | null | Promise<ResumeRequest | null>;
  /** Called for each piece of answer text as it is parsed (tokens and appends to text parts), before it is painted. */
  onToken?: (text: string) => void;
  /** Called for each status update as it is parsed (also those later collapsed). */
  onStatus?: (status: StreamStatus) => void;
  /** Called once a run settles (done, error or aborted), after its final flush. */
  onFinish?: (snapshot: StreamSnapshot) => void;
  /** Called once when a run ends in an error, after its final flush. */
  onError?: (error: StreamError) => void;
}

/** Per-call overrides for `start()`: anything from the options, shallow-merged over them. */
export type StartOverrides = Partial<TokenStreamOptions>;

export interface TokenStream {
  /** Aborts any running stream and starts a new one; resolves with the final snapshot and never rejects. */
  start(overrides?: StartOverrides): Promise<StreamSnapshot>;
  /** Aborts the request first, then publishes phase `aborted` at once; the visible text freezes. */
  abort(reason?: unknown): void;
  /** Aborts any run and returns to the idle snapshot. */
  reset(): void;
  /** Listens for snapshot changes (one notification per flush); returns unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** The current immutable snapshot; a new object only when something changed. */
  getSnapshot(): StreamSnapshot;
  /**
   * `getSnapshot().text.slice(start, end)`, the fast path of the kit's renderers: it reads the
   * range from the pieces the text was appended in, so a renderer that handles only what was
   * appended since its last frame never makes V8 flatten a long text (about 0.6 ms per frame at
   * 1 MB). The snapshot's `text` is always safe to read; this only saves that copy.
   * @example `const appended = stream.readText(renderedLength, snapshot.text.length)`
   */
  readText(start: number, end?: number): string;
  /**
   * The same fast path for one part: a range of a text or reasoning part's `text`, or of a tool
   * part's `inputText`, in the published snapshot. '' for an id that is not there.
   * @example `const appended = stream.readPartText(part.id, renderedLength, part.text.length)`
   */
  readPartText(id: string, start: number, end?: number): string;
  /** Replaces the options used by the next `start()` (undefined values keep the previous ones). */
  setOptions(options: TokenStreamOptions): void;
}
