import { callSafely } from './call-safely.js';
import { InvalidUtf8Error } from './decode.js';
import { httpError, networkError, timeoutError } from './errors.js';
import { flushIntervalOf, requestFlush } from './flush-schedule.js';
import { now } from './monotonic-now.js';
import type { Pacer } from './pacer.js';
import { createPartLog } from './part-log.js';
import { createPendingBuffer } from './pending-buffer.js';
import { loadDetectedProtocol, preloadEventStreamParser } from './protocols/load-detected-protocol.js';
import { ParseFailure, readBody } from './read-body.js';
import {
  lastEventIdRequest,
  reconnectPolicyOf,
  requestMethodOf,
  resumeRequestProblem,
  type AttemptRequest,
} from './reconnect.js';
import { createReplayGate } from './replay-gate.js';
import { withDefaultAccept } from './request-headers.js';
import { createRunSink, type RunCounters, type RunOutcome } from './run-sink.js';
import { emptyMetrics } from './snapshot.js';
import type {
  Protocol,
  ProtocolParser,
  StartOverrides,
  StreamError,
  StreamMetrics,
  StreamSnapshot,
  TimeoutName,
  TokenStreamOptions,
} from './types.js';

/** 1 MiB of read-but-unpublished bytes before reading pauses. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** Where a run is in its life: one value, so no two flags can disagree. */
export type RunState =
  /** Waiting for the response headers. */
  | { readonly kind: 'connecting' }
  /** Reading the body; the next flush publishes phase `streaming`. */
  | { readonly kind: 'streaming' }
  /** The connection dropped: waiting before an attempt, or for its response headers. */
  | { readonly kind: 'reconnecting' }
  /** No more input; the next flush publishes the outcome with everything received before it. */
  | { readonly kind: 'ending'; readonly outcome: RunOutcome }
  /** Over: published, callbacks called, `start()`'s promise resolved. */
  | { readonly kind: 'settled' };

export interface RunContext {
  /** The options of this run (the store's, merged with `start()`'s overrides). */
  readonly options: TokenStreamOptions;
  /** What `start()` was given; its callbacks win over the store's. */
  readonly overrides: StartOverrides;
  /** The store's newest options while this run is its current one (latest-ref callbacks). */
  latestOptions(): TokenStreamOptions;
  /** Publishes a snapshot of this run, unless a newer run (or `reset()`) replaced it. */
  publish(snapshot: StreamSnapshot): void;
}

/** One `start()`: its request, reader, timers and pending changes. Everything is released when it settles. */
export interface Run {
  /** Resolves with the final snapshot; never rejects. */
  readonly finished: Promise<StreamSnapshot>;
  readonly state: RunState;
  /** Publishes `connecting` at once and sends the request. */
  begin(): void;
  /** Aborts the request first, then publishes `aborted`; what was not yet published is discarded. */
  abort(reason: unknown): void;
  /** A range of the published text (see `TokenStream.readText`). */
  readText(start: number, end?: number): string;
  /** A range of one published part's streamed field (see `TokenStream.readPartText`). */
  readPartText(id: string, start: number, end?: number): string;
}

const EMPTY_BODY = (): ReadableStream<Uint8Array> => new ReadableStream({ start: (controller) => controller.close() });

/** What sending a request gave: a response, or a network failure the caller may treat as a drop. */
type Sent = { readonly ok: true; readonly response: Response } | { readonly ok: false; readonly error: StreamError };

function cancelBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}

export function createRun(context: RunContext): Run {
  const { options, overrides } = context;
  const controller = new AbortController();
  const startedAt = now();
  const counters: RunCounters = emptyMetrics();
  const isPaced = options.pace !== undefined && options.pace !== false;
  /** Loaded with the request when `pace` is set (see `execute`); null until then and without it. */
  let pacer: Pacer | null = null;
  const buffer = createPendingBuffer(isPaced ? now : undefined);
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const partLog = createPartLog();
  const timers = new Map<TimeoutName, ReturnType<typeof setTimeout>>();
  const reconnectPolicy = reconnectPolicyOf(options);
  const gate = createReplayGate();
  /** The wait before a reconnect attempt: cleared (and its waiter released) when the run ends. */
  let reconnectWait: { handle: ReturnType<typeof setTimeout>; release: () => void } | null = null;
  /** True while the parser's `end()` runs: an `incomplete` it reports is a cut body, i.e. a drop. */
  let bodyIsEnding = false;
  let cutBody: StreamError | null = null;
  /** Tokens counted when a resumed attempt armed `firstToken`; the next token disarms it. */
  let firstTokenArmedAtTokens: number | null = null;
  const outsideSignal = options.init?.signal ?? undefined;
  let state: RunState = { kind: 'connecting' };
  let lastPublished: StreamSnapshot;
  let withdrawFlush: (() => void) | null = null;
  let flushIsUrgent = false;
  let resolveFinished!: (snapshot: StreamSnapshot) => void;
  const finished = new Promise<StreamSnapshot>((resolve) => (resolveFinished = resolve));

  function callback<K extends 'onToken' | 'onStatus' | 'onFinish' | 'onError'>(name: K): TokenStreamOptions[K] {
    return overrides[name] ?? context.latestOptions()[name];
  }

  function metrics(): StreamMetrics {
    const durationMs = now() - startedAt;
    return {
      ...counters,
      durationMs,
      tokensPerSecond: durationMs > 0 ? (counters.tokens * 1000) / durationMs : 0,
      flushIntervalMs: flushIntervalOf(options.schedule),
    };
  }

  function publish(next: StreamSnapshot): void {
    lastPublished = next;
    context.publish(next);
  }

  function scheduleFlush(urgent = false): void {
    if (withdrawFlush !== null) {
      // Only the shared clock has a stretched interval that an urgent request skips.
      const isFrameSchedule = options.schedule === undefined || options.schedule === 'frame';
      if (!urgent || flushIsUrgent || !isFrameSchedule) return;
    }
    withdrawFlush = requestFlush(options.schedule, flush, urgent);
    flushIsUrgent = urgent;
  }

  function withdrawScheduledFlush(): void {
    withdrawFlush?.();
    withdrawFlush = null;
    flushIsUrgent = false;
  }

  function phaseToPublish(): StreamSnapshot['phase'] {
    if (state.kind === 'ending') return state.outcome.phase;
    if (state.kind === 'reconnecting') return 'reconnecting';
    return state.kind === 'streaming' ? 'streaming' : 'connecting';
  }

  function flush(): void {
    withdrawFlush = null;
    flushIsUrgent = false;
    if (state.kind === 'settled') return;
    const phase = phaseToPublish();
    const heldBefore = pacer?.heldChars ?? 0;
    if (state.kind !== 'ending' && phase === lastPublished.phase && !buffer.hasChanges() && heldBefore === 0) {
      buffer.releaseRoom();
      return;
    }
    counters.flushes += 1;
    const changes = buffer.take();
    const outcome = state.kind === 'ending' ? state.outcome : null;
    // Terminal outcomes are never paced: the rest is revealed in this same flush.
    const parts = pacer === null ? changes.parts : pacer.pace(changes.parts, outcome !== null, flushIntervalOf(options.schedule));
    partLog.apply(parts, outcome?.phase === 'done');
    publish({
      text: partLog.text,
      parts: partLog.parts,
      phase,
      status: changes.status ?? lastPublished.status,
      error: outcome?.phase === 'error' ? outcome.error : null,
      finishReason: changes.finishReason ?? lastPublished.finishReason,
      cursor: changes.cursor ?? lastPublished.cursor,
      metrics: metrics(),
    });
    const held = pacer?.heldChars ?? 0;
    // Unrevealed text stays counted toward the high-water mark: pacing holds the producer back, never grows memory.
    buffer.releaseRoom(held, highWaterMark);
    if (outcome) settle(lastPublished);
    else if (held > 0) scheduleFlush();
  }

  function clearTimer(name: TimeoutName): void {
    const handle = timers.get(name);
    if (handle !== undefined) clearTimeout(handle);
    timers.delete(name);
  }

  function clearTimers(): void {
    for (const handle of timers.values()) clearTimeout(handle);
    timers.clear();
    if (reconnectWait !== null) {
      clearTimeout(reconnectWait.handle);
      reconnectWait.release();
      reconnectWait = null;
    }
  }

  function onOutsideAbort(): void {
    abort(outsideSignal?.reason);
  }

  function settle(final: StreamSnapshot): void {
    state = { kind: 'settled' };
    clearTimers();
    outsideSignal?.removeEventListener('abort', onOutsideAbort);
    buffer.releaseRoom();
    if (final.error) callSafely(callback('onError'), final.error);
    callSafely(callback('onFinish'), final);
    resolveFinished(final);
  }

  /** Records how the run ends; the next flush publishes it together with what came before it. */
  function end(outcome: RunOutcome): void {
    if (state.kind === 'ending' || state.kind === 'settled') return;
    state = { kind: 'ending', outcome };
    clearTimers();
    // Errors end the request too, so nothing keeps streaming into a run that is over.
    if (outcome.phase === 'error') controller.abort(outcome.error);
    buffer.releaseRoom();
    scheduleFlush(true);
  }

  function abort(reason: unknown): void {
    if (state.kind === 'settled') return;
    // Abort the request before any other work, so the server is told at once.
    controller.abort(reason);
    withdrawScheduledFlush();
    counters.discardedChars += buffer.discard() + (pacer?.discard() ?? 0);
    const aborted: StreamSnapshot = { ...lastPublished, phase: 'aborted', error: null, metrics: metrics() };
    publish(aborted);
    settle(aborted);
  }

  function startTimer(name: TimeoutName): void {
    const milliseconds = options.timeouts?.[name];
    if (milliseconds === undefined) return;
    const previous = timers.get(name);
    if (previous !== undefined) clearTimeout(previous);
    timers.set(
      name,
      setTimeout(() => end({ phase: 'error', error: timeoutError(name, milliseconds) }), milliseconds),
    );
  }

  const sink = createRunSink({
    buffer,
    counters,
    isAccepting: () => state.kind === 'streaming' && gate.isOpen,
    admitEvent: (id) => state.kind === 'streaming' && gate.admit(id),
    onToken: () => overrides.onToken ?? context.latestOptions().onToken,
    onStatus: () => callback('onStatus'),
    firstToken() {
      counters.firstTokenMs = now() - startedAt;
      const firstTokenTimer = timers.get('firstToken');
      if (firstTokenTimer !== undefined) clearTimeout(firstTokenTimer);
      timers.delete('firstToken');
    },
    requestFlush: () => scheduleFlush(),
    end(outcome) {
      // A body cut before its terminal marker may be resumed; the read loop decides.
      if (bodyIsEnding && outcome.phase === 'error' && outcome.error.kind === 'incomplete') cutBody = outcome.error;
      else end(outcome);
    },
  });

  function afterRead(byteCount: number): Promise<void> | undefined {
    buffer.seal();
    counters.bytes += byteCount;
    const waiting = buffer.addBytes(byteCount);
    if (waiting > counters.maxBufferedBytes) counters.maxBufferedBytes = waiting;
    startTimer('idle');
    if (firstTokenArmedAtTokens !== null && counters.tokens > firstTokenArmedAtTokens) {
      clearTimer('firstToken');
      firstTokenArmedAtTokens = null;
    }
    scheduleFlush();
    if (waiting <= highWaterMark || state.kind !== 'streaming') return undefined;
    counters.readPauses += 1;
    return buffer.waitForRoom();
  }

  /** Sends one request; a network failure comes back as a value, so the caller decides whether it is a drop. */
  async function send(request: AttemptRequest): Promise<Sent> {
    const fetchImplementation = options.fetch ?? globalThis.fetch;
    try {
      const response = await fetchImplementation(request.url, {
        ...request.init,
        headers: withDefaultAccept(request.init.headers),
        signal: controller.signal,
      });
      return { ok: true, response };
    } catch (error) {
      return { ok: false, error: networkError(error) };
    }
  }

  async function execute(): Promise<void> {
    const sentIn = state;
    const sending = send({ url: options.url as string | URL, init: options.init ?? {} });
    if (options.protocol === undefined) preloadEventStreamParser();
    // The pacer is a chunk of its own, imported only by runs that pace, while their request is
    // in flight; it is there before the first byte is read. Failing to load it rejects
    // `execute()`, which ends the run as a network error.
    if (isPaced) pacer = await import('./pacer.js').then(({ createPacerFor }) => createPacerFor(options.pace, now));
    const sent = await sending;
    if (state !== sentIn) {
      if (sent.ok) cancelBody(sent.response);
      return;
    }
    if (!sent.ok) {
      end({ phase: 'error', error: sent.error });
      return;
    }
    if (!sent.response.ok) {
      end({ phase: 'error', error: await httpError(sent.response) });
      return;
    }
    let response = sent.response;
    const detected = options.protocol ?? loadDetectedProtocol(response.headers);
    // Awaited only when it is a lazily imported parser: the others start reading in this task, as before.
    const protocol = detected instanceof Promise ? await detected : detected;
    if (state !== sentIn) {
      cancelBody(response);
      return;
    }
    let parser = protocol.createParser(sink);
    for (;;) {
      state = { kind: 'streaming' };
      gate.startAttempt();
      scheduleFlush();
      startTimer('idle');
      const drop = await readAttempt(response, parser, protocol);
      if (drop === null) return;
      const resumed = await reconnect(drop);
      if (resumed === null) return;
      response = resumed;
      if (parser.restart) parser.restart();
      else parser = protocol.createParser(sink);
    }
  }

  /** Reads one response; returns the drop (a network error or a cut body), or null when the run has its outcome. */
  async function readAttempt(response: Response, parser: ProtocolParser, protocol: Protocol): Promise<StreamError | null> {
    cutBody = null;
    const parserThatKnowsTheEnd: ProtocolParser = {
      feed: (text) => parser.feed(text),
      end() {
        bodyIsEnding = true;
        try {
          parser.end();
        } finally {
          bodyIsEnding = false;
        }
      },
    };
    try {
      await readBody(response.body ?? EMPTY_BODY(), parserThatKnowsTheEnd, {
        isActive: () => state.kind === 'streaming',
        afterRead,
      });
      if (state.kind !== 'streaming') return null;
      if (cutBody !== null) return cutBody;
      // Protocols report their own end; this only covers a parser that stayed silent.
      end({ phase: 'done' });
    } catch (error) {
      if (error instanceof InvalidUtf8Error && error.endedInsideCharacter) {
        // Cut inside a character: resumable; if it cannot be resumed it ends as before, as `protocol`.
        if (state.kind === 'streaming') return { kind: 'protocol', message: error.message };
      } else if (error instanceof InvalidUtf8Error) {
        end({ phase: 'error', error: { kind: 'protocol', message: error.message } });
      } else if (error instanceof ParseFailure) {
        end({
          phase: 'error',
          error: { kind: 'protocol', message: `The ${protocol.name} parser failed: ${error.message}`, cause: error.cause },
        });
      } else if (state.kind === 'streaming') {
        return networkError(error);
      }
    }
    return null;
  }

  /**
   * Whether a drop can be resumed: something arrived (before the first byte a failure is an
   * answer about the request), attempts are left, and there is a way back: the caller's
   * `resume`, or for a GET the id of the last event delivered.
   */
  function canResume(): boolean {
    if (counters.bytes === 0 || counters.reconnects >= reconnectPolicy.attempts) return false;
    if (options.resume !== undefined) return true;
    return requestMethodOf(options.init) === 'GET' && gate.cursor !== null;
  }

  function waitBeforeAttempt(milliseconds: number): Promise<void> {
    return new Promise((release) => {
      const handle = setTimeout(() => {
        reconnectWait = null;
        release();
      }, milliseconds);
      reconnectWait = { handle, release };
    });
  }

  /** The request of the next attempt; null (the run has ended) when `resume` says there is none. */
  async function nextRequest(drop: StreamError): Promise<AttemptRequest | null> {
    const resume = options.resume;
    if (resume === undefined) {
      return lastEventIdRequest(options.url as string | URL, options.init, gate.cursor as string);
    }
    let chosen: unknown;
    try {
      chosen = await resume(gate.cursor, lastPublished);
    } catch (error) {
      end({ phase: 'error', error: { ...drop, message: `${drop.message}; resume() threw`, cause: error } });
      return null;
    }
    const problem = resumeRequestProblem(chosen);
    if (problem !== null || chosen === null || chosen === undefined) {
      const reason = problem ?? 'resume() returned null, so the answer stays incomplete';
      end({ phase: 'error', error: { kind: 'incomplete', message: `The connection dropped; ${reason}` } });
      return null;
    }
    const { url, init } = chosen as { url: string | URL; init?: RequestInit };
    return { url, init: init ?? {} };
  }

  /**
   * After a drop: publishes `reconnecting`, waits, and sends the next attempt until one answers
   * with a body to read. Returns that response, or null when the run has ended (no attempts
   * left, nothing to resume from, an answer that is not a stream, abort or a timeout).
   */
  async function reconnect(drop: StreamError): Promise<Response | null> {
    let failure = drop;
    for (;;) {
      if (!canResume()) {
        end({ phase: 'error', error: failure });
        return null;
      }
      counters.reconnects += 1;
      const attemptState: RunState = { kind: 'reconnecting' };
      state = attemptState;
      // `idle` and `firstToken` are per attempt; `total` keeps running over all of them.
      clearTimer('idle');
      clearTimer('firstToken');
      firstTokenArmedAtTokens = null;
      scheduleFlush(true);
      await waitBeforeAttempt(reconnectPolicy.delay(counters.reconnects));
      // The request goes out only once `reconnecting` (and everything before the drop) is on screen.
      if (state === attemptState && lastPublished.phase !== 'reconnecting') await buffer.waitForRoom();
      if (state !== attemptState) return null;
      const request = await nextRequest(failure);
      if (request === null || state !== attemptState) return null;
      startTimer('firstToken');
      firstTokenArmedAtTokens = counters.tokens;
      const sent = await send(request);
      if (state !== attemptState) {
        if (sent.ok) cancelBody(sent.response);
        return null;
      }
      if (!sent.ok) {
        failure = sent.error;
        continue;
      }
      const { response } = sent;
      if (response.status === 204) {
        cancelBody(response);
        end({ phase: 'error', error: { kind: 'incomplete', message: 'The connection dropped and the server had nothing to resume (204)' } });
        return null;
      }
      if (!response.ok) {
        end({ phase: 'error', error: await httpError(response) });
        return null;
      }
      return response;
    }
  }

  return {
    finished,
    get state() {
      return state;
    },
    begin() {
      // A user action: the previous answer disappears and `connecting` shows at once.
      publish({
        text: '',
        parts: [],
        phase: 'connecting',
        status: null,
        error: null,
        finishReason: null,
        cursor: null,
        metrics: metrics(),
      });
      if (outsideSignal?.aborted) {
        abort(outsideSignal.reason);
        return;
      }
      outsideSignal?.addEventListener('abort', onOutsideAbort, { once: true });
      startTimer('total');
      startTimer('firstToken');
      execute().catch((error: unknown) => end({ phase: 'error', error: networkError(error) }));
    },
    abort,
    readText: (start, end) => partLog.readText(start, end),
    readPartText: (id, start, end) => partLog.readPartText(id, start, end),
  };
}
