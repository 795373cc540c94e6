import { callSafely } from './call-safely';
import { InvalidUtf8Error } from './decode';
import { httpError, networkError, timeoutError } from './errors';
import { flushIntervalOf, requestFlush } from './flush-schedule';
import { now } from './monotonic-now';
import { createPacerFor } from './pacer';
import { createPartLog } from './part-log';
import { createPendingBuffer } from './pending-buffer';
import { detectProtocol } from './protocols/detect';
import { ParseFailure, readBody } from './read-body';
import { withDefaultAccept } from './request-headers';
import { createRunSink, type RunCounters, type RunOutcome } from './run-sink';
import { emptyMetrics } from './snapshot';
import type { StartOverrides, StreamMetrics, StreamSnapshot, TimeoutName, TokenStreamOptions } from './types';

/** 1 MiB of read-but-unpublished bytes before reading pauses. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** Where a run is in its life: one value, so no two flags can disagree. */
export type RunState =
  /** Waiting for the response headers. */
  | { readonly kind: 'connecting' }
  /** Reading the body; the next flush publishes phase `streaming`. */
  | { readonly kind: 'streaming' }
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

export function createRun(context: RunContext): Run {
  const { options, overrides } = context;
  const controller = new AbortController();
  const startedAt = now();
  const counters: RunCounters = emptyMetrics();
  const pacer = createPacerFor(options.pace, now);
  const buffer = createPendingBuffer(pacer === null ? undefined : now);
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const partLog = createPartLog();
  const timers = new Map<TimeoutName, ReturnType<typeof setTimeout>>();
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

  function clearTimers(): void {
    for (const handle of timers.values()) clearTimeout(handle);
    timers.clear();
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
    isAccepting: () => state.kind === 'streaming',
    onToken: () => overrides.onToken ?? context.latestOptions().onToken,
    onStatus: () => callback('onStatus'),
    firstToken() {
      counters.firstTokenMs = now() - startedAt;
      const firstTokenTimer = timers.get('firstToken');
      if (firstTokenTimer !== undefined) clearTimeout(firstTokenTimer);
      timers.delete('firstToken');
    },
    requestFlush: () => scheduleFlush(),
    end,
  });

  function afterRead(byteCount: number): Promise<void> | undefined {
    buffer.seal();
    counters.bytes += byteCount;
    const waiting = buffer.addBytes(byteCount);
    if (waiting > counters.maxBufferedBytes) counters.maxBufferedBytes = waiting;
    startTimer('idle');
    scheduleFlush();
    if (waiting <= highWaterMark || state.kind !== 'streaming') return undefined;
    counters.readPauses += 1;
    return buffer.waitForRoom();
  }

  async function openResponse(): Promise<Response | null> {
    const fetchImplementation = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImplementation(options.url as string | URL, {
        ...options.init,
        headers: withDefaultAccept(options.init?.headers),
        signal: controller.signal,
      });
    } catch (error) {
      end({ phase: 'error', error: networkError(error) });
      return null;
    }
    if (state.kind !== 'connecting') {
      response.body?.cancel().catch(() => {});
      return null;
    }
    if (!response.ok) {
      end({ phase: 'error', error: await httpError(response) });
      return null;
    }
    return response;
  }

  async function execute(): Promise<void> {
    const response = await openResponse();
    if (response === null) return;
    const protocol = options.protocol ?? detectProtocol(response.headers);
    const parser = protocol.createParser(sink);
    state = { kind: 'streaming' };
    scheduleFlush();
    startTimer('idle');
    try {
      await readBody(response.body ?? EMPTY_BODY(), parser, { isActive: () => state.kind === 'streaming', afterRead });
      // Protocols report their own end; this only covers a parser that stayed silent.
      end({ phase: 'done' });
    } catch (error) {
      if (error instanceof InvalidUtf8Error) {
        end({ phase: 'error', error: { kind: 'protocol', message: error.message } });
      } else if (error instanceof ParseFailure) {
        end({
          phase: 'error',
          error: { kind: 'protocol', message: `The ${protocol.name} parser failed: ${error.message}`, cause: error.cause },
        });
      } else {
        end({ phase: 'error', error: networkError(error) });
      }
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
