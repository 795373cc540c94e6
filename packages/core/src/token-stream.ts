import { InvalidUtf8Error } from './decode';
import { httpError, networkError, timeoutError } from './errors';
import { getSharedFrameClock } from './frame-clock';
import { detectProtocol } from './protocols/detect';
import { ParseFailure, readBody } from './read-body';
import { IDLE_SNAPSHOT, emptyMetrics } from './snapshot';
import type {
  ActionSink,
  FlushSchedule,
  StartOverrides,
  StreamError,
  StreamMetrics,
  StreamSnapshot,
  StreamStatus,
  TimeoutName,
  TokenStream,
  TokenStreamOptions,
} from './types';
import { validateOptions, validateStartOptions } from './validate-options';
import { now } from './monotonic-now';

/** 1 MiB of read-but-unpublished bytes before reading pauses. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

type Outcome = { phase: 'done' } | { phase: 'error'; error: StreamError };

/** The metrics a run counts as it goes; duration and rate are derived when a snapshot is made. */
type RunCounters = Omit<StreamMetrics, 'durationMs' | 'tokensPerSecond'>;

/** One `start()`: everything it owns is released when it settles. */
interface Run {
  readonly options: TokenStreamOptions;
  /** What `start()` was given; its callbacks win over the store's. */
  readonly overrides: StartOverrides;
  readonly controller: AbortController;
  readonly startedAt: number;
  readonly counters: RunCounters;
  readonly timers: Map<TimeoutName, ReturnType<typeof setTimeout>>;
  readonly roomWaiters: Array<() => void>;
  readonly resolve: (snapshot: StreamSnapshot) => void;
  readonly detachSignal: () => void;
  /** Tokens of the read being parsed; joined into one flat string per read (see `sealReadText`). */
  readTokens: string[];
  /** Flat text of earlier reads since the last flush (see `sealReadText`). */
  pendingParts: string[];
  pendingBytes: number;
  pendingStatus: StreamStatus | null;
  /** The first body bytes arrived: publish `streaming` with the next flush. */
  streamingPending: boolean;
  /** Set once the run accepts no more input; published by the next flush. */
  outcome: Outcome | null;
  /** No more input is applied (outcome recorded, aborted or superseded). */
  over: boolean;
  settled: boolean;
}


/** Copies the defined values of `patch` over `base`, so `undefined` never erases a setting. */
function mergeDefined(base: TokenStreamOptions, patch: TokenStreamOptions): TokenStreamOptions {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as TokenStreamOptions;
}

function scheduleWith(schedule: FlushSchedule | undefined, flush: () => void): () => void {
  if (schedule === undefined || schedule === 'frame') return getSharedFrameClock().request(flush);
  if (typeof schedule === 'number') {
    const handle = setTimeout(flush, schedule);
    return () => clearTimeout(handle);
  }
  return schedule(flush);
}

/** A throwing user callback must not break the stream; surface it like an uncaught error. */
function callSafely<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (!callback) return;
  try {
    callback(value);
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}

/**
 * Creates the store that reads one streamed answer at a time and publishes it at the pace of
 * the screen. Framework-free: React binds it with `useSyncExternalStore(subscribe, getSnapshot)`.
 *
 * @example
 * ```ts
 * const stream = createTokenStream({ url: '/api/chat', init: { method: 'POST', body } });
 * stream.subscribe(() => render(stream.getSnapshot().text));
 * const final = await stream.start();
 * ```
 */
export function createTokenStream(initialOptions: TokenStreamOptions = {}): TokenStream {
  validateOptions(initialOptions);
  let options: TokenStreamOptions = mergeDefined({}, initialOptions);
  let snapshot: StreamSnapshot = IDLE_SNAPSHOT;
  let current: Run | null = null;
  let cancelScheduledFlush: (() => void) | null = null;
  const listeners = new Set<() => void>();
  // The published text as flushed pieces, so `readText` can hand out a range without making V8
  // flatten the whole (rope) string: renderers of a 1 MB answer then pay for what is new only.
  let textPieces: string[] = [];
  let textPieceEnds: number[] = [];

  function publish(next: StreamSnapshot): void {
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function metricsOf(run: Run): StreamMetrics {
    const counters = run.counters;
    const durationMs = now() - run.startedAt;
    return {
      ...counters,
      durationMs,
      tokensPerSecond: durationMs > 0 ? (counters.tokens * 1000) / durationMs : 0,
    };
  }

  function callbackOf<K extends 'onToken' | 'onStatus' | 'onFinish' | 'onError'>(
    run: Run,
    name: K,
  ): TokenStreamOptions[K] {
    // Callbacks given to start() win; otherwise the store's newest ones (latest-ref semantics),
    // so a re-render that passes new callbacks never leaves a stale one running.
    return run.overrides[name] ?? (run === current ? options[name] : run.options[name]);
  }

  // One flush function per store: the frame clock runs it once per frame however often it is requested.
  const flush = () => {
    cancelScheduledFlush = null;
    if (current) flushRun(current);
  };

  function scheduleFlush(run: Run): void {
    if (cancelScheduledFlush === null) cancelScheduledFlush = scheduleWith(run.options.schedule, flush);
  }

  function withdrawScheduledFlush(): void {
    cancelScheduledFlush?.();
    cancelScheduledFlush = null;
  }

  /**
   * Joins one read's tokens into one flat string. Keeping every token (a slice of its read
   * chunk) or a rope of them alive until the next frame made V8 promote millions of small
   * objects to the old generation: measured ~65% of the engine's time in GC.
   */
  function sealReadText(run: Run): void {
    if (run.readTokens.length === 0) return;
    run.pendingParts.push(run.readTokens.join(''));
    run.readTokens = [];
  }

  /** Drops what was parsed but not published (Stop), returning how many characters that was. */
  function discardPendingText(run: Run): number {
    sealReadText(run);
    let characters = 0;
    for (const piece of run.pendingParts) characters += piece.length;
    run.pendingParts = [];
    return characters;
  }

  function releaseRoom(run: Run): void {
    run.pendingBytes = 0;
    for (const resume of run.roomWaiters.splice(0)) resume();
  }

  function clearTimers(run: Run): void {
    for (const handle of run.timers.values()) clearTimeout(handle);
    run.timers.clear();
  }

  function flushRun(run: Run): void {
    if (run.settled) return;
    const hasTokens = run.readTokens.length > 0 || run.pendingParts.length > 0;
    const hasStatus = run.pendingStatus !== null;
    const phase = run.outcome?.phase ?? (run.streamingPending ? 'streaming' : snapshot.phase);
    if (!hasTokens && !hasStatus && phase === snapshot.phase && !run.outcome) {
      releaseRoom(run);
      return;
    }
    run.counters.flushes += 1;
    let text = snapshot.text;
    if (hasTokens) {
      sealReadText(run);
      // Appended piece by piece (a rope), not joined: joining would copy every byte once more.
      for (const piece of run.pendingParts) {
        text += piece;
        textPieces.push(piece);
        textPieceEnds.push(text.length);
      }
      run.pendingParts = [];
    }
    const next: StreamSnapshot = {
      text,
      parts: snapshot.parts,
      phase,
      status: run.pendingStatus ?? snapshot.status,
      error: run.outcome?.phase === 'error' ? run.outcome.error : null,
      finishReason: null,
      cursor: null,
      metrics: metricsOf(run),
    };
    run.pendingStatus = null;
    run.streamingPending = false;
    publish(next);
    releaseRoom(run);
    if (run.outcome) settle(run, next);
  }

  function settle(run: Run, final: StreamSnapshot): void {
    run.settled = true;
    run.over = true;
    clearTimers(run);
    run.detachSignal();
    releaseRoom(run);
    if (final.error) callSafely(callbackOf(run, 'onError'), final.error);
    callSafely(callbackOf(run, 'onFinish'), final);
    run.resolve(final);
  }

  /** Records how the run ends; the next flush publishes it together with the text before it. */
  function finishWith(run: Run, outcome: Outcome): void {
    if (run.over) return;
    run.over = true;
    run.outcome = outcome;
    clearTimers(run);
    // Errors end the request too, so nothing keeps streaming into a run that is over.
    if (outcome.phase === 'error') run.controller.abort(outcome.error);
    releaseRoom(run);
    scheduleFlush(run);
  }

  /** Ends a run at once with phase `aborted`; the text on screen stays as it is. */
  function abortRun(run: Run, reason: unknown, publishNow: boolean): void {
    if (run.settled) return;
    // Abort the request before any other work, so the server is told at once.
    run.controller.abort(reason);
    run.over = true;
    if (run === current) withdrawScheduledFlush();
    run.counters.discardedChars += discardPendingText(run);
    run.pendingStatus = null;
    const aborted: StreamSnapshot = {
      text: run === current ? snapshot.text : '',
      parts: run === current ? snapshot.parts : [],
      phase: 'aborted',
      status: run === current ? snapshot.status : null,
      error: null,
      finishReason: null,
      cursor: null,
      metrics: metricsOf(run),
    };
    if (publishNow) publish(aborted);
    settle(run, aborted);
  }

  /** What the run's parser reports to; everything after the run is over is ignored. */
  function createRunSink(run: Run): ActionSink {
    return {
      token(text) {
        if (run.over || text === '') return;
        run.readTokens.push(text);
        run.counters.tokens += 1;
        if (run.counters.firstTokenMs === null) {
          run.counters.firstTokenMs = now() - run.startedAt;
          const firstTokenTimer = run.timers.get('firstToken');
          if (firstTokenTimer !== undefined) clearTimeout(firstTokenTimer);
          run.timers.delete('firstToken');
        }
        // Spelled out rather than callbackOf(): this runs once per token.
        const onToken = run.overrides.onToken ?? (run === current ? options.onToken : run.options.onToken);
        if (onToken) callSafely(onToken, text);
        if (cancelScheduledFlush === null) scheduleFlush(run);
      },
      status(type, data) {
        if (run.over) return;
        if (run.pendingStatus !== null) run.counters.droppedStatus += 1;
        run.pendingStatus = { type, data };
        callSafely(callbackOf(run, 'onStatus'), run.pendingStatus);
        scheduleFlush(run);
      },
      done() {
        finishWith(run, { phase: 'done' });
      },
      error(kind, message, excerpt) {
        const error: StreamError = { kind, message };
        if (excerpt !== undefined) error.excerpt = excerpt;
        finishWith(run, { phase: 'error', error });
      },
      // Part operations: not yet applied (issue 8 replaces this with the part log).
      start() {},
      append() {},
      replace() {},
      end() {},
      finish() {},
      cursor() {},
      ignore() {},
    };
  }

  function startTimer(run: Run, name: TimeoutName): void {
    const milliseconds = run.options.timeouts?.[name];
    if (milliseconds === undefined) return;
    const previous = run.timers.get(name);
    if (previous !== undefined) clearTimeout(previous);
    run.timers.set(
      name,
      setTimeout(() => finishWith(run, { phase: 'error', error: timeoutError(name, milliseconds) }), milliseconds),
    );
  }

  async function execute(run: Run): Promise<void> {
    const fetchImplementation = run.options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImplementation(run.options.url as string | URL, {
        ...run.options.init,
        signal: run.controller.signal,
      });
    } catch (error) {
      finishWith(run, { phase: 'error', error: networkError(error) });
      return;
    }
    if (run.over) {
      response.body?.cancel().catch(() => {});
      return;
    }
    if (!response.ok) {
      const error = await httpError(response);
      finishWith(run, { phase: 'error', error });
      return;
    }
    const protocol = run.options.protocol ?? detectProtocol(response.headers.get('content-type'));
    const parser = protocol.createParser(createRunSink(run));
    run.streamingPending = true;
    scheduleFlush(run);
    startTimer(run, 'idle');
    const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    try {
      await readBody(body, parser, {
        isActive: () => !run.over,
        afterParse: () => sealReadText(run),
        onBytes(byteCount) {
          run.counters.bytes += byteCount;
          run.pendingBytes += byteCount;
          if (run.pendingBytes > run.counters.maxBufferedBytes) run.counters.maxBufferedBytes = run.pendingBytes;
          startTimer(run, 'idle');
          scheduleFlush(run);
        },
        waitForFlush() {
          if (run.over) return Promise.resolve();
          scheduleFlush(run);
          return new Promise((resume) => run.roomWaiters.push(resume));
        },
        waitForRoom() {
          const highWaterMark = run.options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
          if (run.pendingBytes <= highWaterMark) return Promise.resolve();
          run.counters.readPauses += 1;
          scheduleFlush(run);
          return new Promise((resume) => run.roomWaiters.push(resume));
        },
      });
      // Protocols report their own end; this only covers a parser that stayed silent.
      finishWith(run, { phase: 'done' });
    } catch (error) {
      if (error instanceof InvalidUtf8Error) {
        finishWith(run, { phase: 'error', error: { kind: 'protocol', message: error.message } });
      } else if (error instanceof ParseFailure) {
        finishWith(run, {
          phase: 'error',
          error: { kind: 'protocol', message: `The ${protocol.name} parser failed: ${error.message}`, cause: error.cause },
        });
      } else {
        finishWith(run, { phase: 'error', error: networkError(error) });
      }
    }
  }

  return {
    start(overrides = {}) {
      const runOptions = mergeDefined(options, overrides as StartOverrides);
      validateStartOptions(runOptions);
      if (current && !current.settled) abortRun(current, new DOMException('Superseded by a new start()', 'AbortError'), false);
      withdrawScheduledFlush();

      const controller = new AbortController();
      const outsideSignal = runOptions.init?.signal ?? undefined;
      let resolve!: (snapshot: StreamSnapshot) => void;
      const finished = new Promise<StreamSnapshot>((settle) => (resolve = settle));
      const onOutsideAbort = () => abortRun(run, outsideSignal?.reason, run === current);
      const run: Run = {
        options: runOptions,
        overrides,
        controller,
        startedAt: now(),
        counters: emptyMetrics(),
        timers: new Map(),
        roomWaiters: [],
        resolve,
        detachSignal: () => outsideSignal?.removeEventListener('abort', onOutsideAbort),
        readTokens: [],
        pendingParts: [],
        pendingBytes: 0,
        pendingStatus: null,
        streamingPending: false,
        outcome: null,
        over: false,
        settled: false,
      };
      current = run;
      // A user action: the previous answer disappears and `connecting` shows at once.
      textPieces = [];
      textPieceEnds = [];
      publish({
        text: '',
        parts: [],
        phase: 'connecting',
        status: null,
        error: null,
        finishReason: null,
        cursor: null,
        metrics: metricsOf(run),
      });

      if (outsideSignal?.aborted) {
        abortRun(run, outsideSignal.reason, true);
        return finished;
      }
      outsideSignal?.addEventListener('abort', onOutsideAbort, { once: true });
      startTimer(run, 'total');
      startTimer(run, 'firstToken');
      execute(run).catch((error: unknown) => {
        finishWith(run, { phase: 'error', error: networkError(error) });
      });
      return finished;
    },

    abort(reason) {
      if (current) abortRun(current, reason ?? new DOMException('Aborted by the user', 'AbortError'), true);
    },

    reset() {
      if (current) abortRun(current, new DOMException('Reset', 'AbortError'), false);
      current = null;
      textPieces = [];
      textPieceEnds = [];
      withdrawScheduledFlush();
      if (snapshot !== IDLE_SNAPSHOT) publish(IDLE_SNAPSHOT);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    getSnapshot: () => snapshot,

    readText(start, end = snapshot.text.length) {
      const stop = Math.min(end, snapshot.text.length);
      if (start >= stop) return '';
      // Binary search for the first piece that ends after `start`.
      let low = 0;
      let high = textPieceEnds.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((textPieceEnds[middle] as number) <= start) low = middle + 1;
        else high = middle;
      }
      let result = '';
      for (let index = low; index < textPieces.length; index += 1) {
        const piece = textPieces[index] as string;
        const pieceStart = (textPieceEnds[index] as number) - piece.length;
        if (pieceStart >= stop) break;
        result += piece.slice(Math.max(0, start - pieceStart), Math.min(piece.length, stop - pieceStart));
      }
      return result;
    },

    setOptions(next) {
      validateOptions(next);
      options = mergeDefined(options, next);
    },
  };
}
