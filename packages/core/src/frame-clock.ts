/**
 * One clock per page decides when stores publish. Every store that wants a flush registers
 * with `request(flush)`; one animation-frame callback runs them all, so N concurrent streams
 * still cause one React commit per frame (React batches the synchronous store updates of
 * one task into one render).
 *
 * The clock also keeps the frame budget (DESIGN.md "Frame budget"): while stores flush it
 * measures how long frames really take, and when they overrun it lets frames pass between
 * flushes (see frame-budget.ts). Text arriving meanwhile waits in each store's bounded buffer,
 * so a renderer that cannot keep up holds the producer back instead of freezing the page.
 *
 * The platform is injected (like TanStack Virtual's observers) so tests drive frames by hand.
 */
import { createFrameBudget } from './frame-budget.js';
import { now as monotonicNow } from './monotonic-now.js';

/** A long animation frame as the browser reports it (`PerformanceObserver` 'long-animation-frame'). */
export interface LongFrameEntry {
  startTime: number;
  duration: number;
}

export interface FrameClockPlatform {
  /**
   * Schedules a callback for the next frame; absent where there are no frames (Node, workers).
   * The callback gets the frame's start time where the platform knows it (the timestamp
   * `requestAnimationFrame` passes), on the same time line as `now`.
   */
  requestFrame: ((callback: (frameTime?: number) => void) => unknown) | undefined;
  cancelFrame: (handle: unknown) => void;
  setTimer: (callback: () => void, milliseconds: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** True while the document is hidden, when browsers stop delivering animation frames. */
  isHidden: () => boolean;
  /** Monotonic milliseconds, on the same time line as `LongFrameEntry.startTime`. */
  now: () => number;
  /**
   * Calls `onEntry` for every long animation frame; returns a function that stops observing.
   * Absent where the browser has no long-animation-frame entries.
   */
  observeLongFrames: ((onEntry: (entry: LongFrameEntry) => void) => () => void) | undefined;
}

export interface FrameClockOptions {
  /**
   * Flush interval while the page is hidden, and the backstop when frames stop coming.
   * @defaultValue `250`
   */
  hiddenIntervalMs?: number;
  /**
   * Flush interval where there is no `requestAnimationFrame`.
   * @defaultValue `16`
   */
  timerIntervalMs?: number;
  /**
   * The longest the clock stretches the interval between flushes when frames overrun.
   * @defaultValue `250`
   */
  maxIntervalMs?: number;
}

export interface FlushRequestOptions {
  /**
   * Flush at the very next frame even while the clock has stretched its interval: for Stop,
   * `start()`, terminal events and errors, which never wait behind a stretched interval.
   * @defaultValue `false`
   */
  urgent?: boolean;
}

export interface FrameClock {
  /**
   * Runs `flush` at the next flush of the clock. Registering the same function twice before the
   * frame runs it once. Returns a function that withdraws the request.
   */
  request(flush: () => void, options?: FlushRequestOptions): () => void;
  /** The current interval between flushes in milliseconds (about one frame while frames are cheap). */
  readonly flushIntervalMs: number;
  /** How many times the clock has run its flushes (for tests and benchmarks). */
  readonly ticks: number;
}

function observeBrowserLongFrames(): FrameClockPlatform['observeLongFrames'] {
  const Observer = globalThis.PerformanceObserver as typeof PerformanceObserver | undefined;
  if (!Observer?.supportedEntryTypes?.includes('long-animation-frame')) return undefined;
  return (onEntry) => {
    const observer = new Observer((list) => {
      for (const entry of list.getEntries()) onEntry(entry);
    });
    observer.observe({ type: 'long-animation-frame' });
    return () => observer.disconnect();
  };
}

function browserPlatform(): FrameClockPlatform {
  const hasFrames = typeof globalThis.requestAnimationFrame === 'function';
  return {
    requestFrame: hasFrames ? (callback) => globalThis.requestAnimationFrame(callback) : undefined,
    cancelFrame: (handle) => {
      if (hasFrames) globalThis.cancelAnimationFrame(handle as number);
    },
    setTimer: (callback, milliseconds) => globalThis.setTimeout(callback, milliseconds),
    clearTimer: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    isHidden: () =>
      typeof document !== 'undefined' && document.visibilityState === 'hidden',
    now: monotonicNow,
    observeLongFrames: hasFrames ? observeBrowserLongFrames() : undefined,
  };
}

export function createFrameClock(
  platform: Partial<FrameClockPlatform> = {},
  options: FrameClockOptions = {},
): FrameClock {
  const defaults = browserPlatform();
  const requestFrame = 'requestFrame' in platform ? platform.requestFrame : defaults.requestFrame;
  const cancelFrame = platform.cancelFrame ?? defaults.cancelFrame;
  const setTimer = platform.setTimer ?? defaults.setTimer;
  const clearTimer = platform.clearTimer ?? defaults.clearTimer;
  const isHidden = platform.isHidden ?? defaults.isHidden;
  const now = platform.now ?? defaults.now;
  const observeLongFrames = 'observeLongFrames' in platform ? platform.observeLongFrames : defaults.observeLongFrames;
  const hiddenIntervalMs = options.hiddenIntervalMs ?? 250;
  const timerIntervalMs = options.timerIntervalMs ?? 16;
  const maxIntervalMs = options.maxIntervalMs ?? 250;

  const budget = createFrameBudget(maxIntervalMs);
  const waiting = new Set<() => void>();
  let frameHandle: unknown = null;
  let timerHandle: unknown = null;
  let ticks = 0;
  let urgent = false;
  // Frame measurement: the previous frame callback while the frame loop runs without a gap.
  let previousFrameAt: number | null = null;
  let previousFrameFlushed = false;
  let framesSinceFlush = 0;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  // A flush no frame interval measured (a timer tick): a long-animation-frame entry may.
  let unmeasuredFlushAt: number | null = null;
  let stopObserving: (() => void) | null = null;

  function cancelFrameRequest(): void {
    if (frameHandle !== null) cancelFrame(frameHandle);
    frameHandle = null;
  }

  function cancelTimer(): void {
    if (timerHandle !== null) clearTimer(timerHandle);
    timerHandle = null;
  }

  function runFlushes(at: number): void {
    ticks += 1;
    urgent = false;
    framesSinceFlush = 0;
    lastFlushAt = at;
    const batch = [...waiting];
    waiting.clear();
    for (const flush of batch) {
      try {
        flush();
      } catch (error) {
        // One broken subscriber must not starve the other streams of their frame.
        setTimer(() => {
          throw error;
        }, 0);
      }
    }
  }

  function onLongFrame(entry: LongFrameEntry): void {
    if (unmeasuredFlushAt === null) return;
    if (unmeasuredFlushAt < entry.startTime || unmeasuredFlushAt > entry.startTime + entry.duration) return;
    unmeasuredFlushAt = null;
    budget.record(entry.duration, true);
  }

  function onFrame(frameTime?: number): void {
    frameHandle = null;
    // The frame's own start time, not the time this callback happens to run: callbacks run
    // late after a long task and early after a long frame (the next frame catches up), while
    // frame start times stay on the display's vsync grid. Those early callbacks were read as
    // frames of a few ms, which made the display look several times faster than it is.
    const at = typeof frameTime === 'number' && Number.isFinite(frameTime) ? frameTime : now();
    if (previousFrameAt !== null) {
      budget.record(at - previousFrameAt, previousFrameFlushed);
      framesSinceFlush += 1;
    } else {
      // The loop was idle: count the frames that passed as if it had been watching them.
      framesSinceFlush = Math.max(framesSinceFlush + 1, Math.floor((at - lastFlushAt) / budget.baseIntervalMs));
    }
    const due = urgent || framesSinceFlush >= budget.stride || at - lastFlushAt >= maxIntervalMs;
    const flushing = due && waiting.size > 0;
    if (flushing) {
      cancelTimer();
      unmeasuredFlushAt = null;
      runFlushes(at);
    }
    // After a flush one more frame is watched, to learn what the flush frame cost.
    if (waiting.size > 0 || flushing) {
      previousFrameAt = at;
      previousFrameFlushed = flushing;
      scheduleFrame();
    } else {
      previousFrameAt = null;
    }
  }

  function onTimer(): void {
    timerHandle = null;
    const at = now();
    // Frames are still coming, only slowly or stretched: they flush, aligned to the frame.
    if (requestFrame && !isHidden() && previousFrameAt !== null && at - previousFrameAt < hiddenIntervalMs) {
      timerHandle = setTimer(onTimer, hiddenIntervalMs);
      return;
    }
    cancelFrameRequest();
    // Frames stopped (hidden tab) or never existed (Node): the frame measurement breaks here.
    previousFrameAt = null;
    if (waiting.size === 0) return;
    if (requestFrame) unmeasuredFlushAt = at;
    runFlushes(at);
  }

  function scheduleFrame(): void {
    if (frameHandle !== null || !requestFrame) return;
    frameHandle = requestFrame(onFrame);
    if (stopObserving === null && observeLongFrames) stopObserving = observeLongFrames(onLongFrame);
  }

  function schedule(): void {
    if (requestFrame && !isHidden()) {
      scheduleFrame();
      // Hidden tabs get no frames; the backstop keeps memory bounded if the page hides
      // after the frame was requested.
      if (timerHandle === null) timerHandle = setTimer(onTimer, hiddenIntervalMs);
      return;
    }
    if (timerHandle === null) {
      timerHandle = setTimer(onTimer, requestFrame ? hiddenIntervalMs : timerIntervalMs);
    }
  }

  return {
    request(flush, requestOptions) {
      waiting.add(flush);
      if (requestOptions?.urgent) urgent = true;
      schedule();
      return () => {
        waiting.delete(flush);
        if (waiting.size === 0) {
          // A frame already asked for stays if it measures the last flush frame; otherwise the
          // loop stops, and the gap until the next request must not count as a frame.
          if (!previousFrameFlushed) {
            cancelFrameRequest();
            previousFrameAt = null;
          }
          cancelTimer();
        }
      };
    },
    get ticks() {
      return ticks;
    },
    get flushIntervalMs() {
      return requestFrame ? budget.flushIntervalMs : timerIntervalMs;
    },
  };
}

const sharedClockKey = Symbol.for('sluice.frame-clock');

/**
 * The page's clock, created on first use. Kept on `globalThis` so two copies of the package
 * on one page still share one frame.
 */
export function getSharedFrameClock(): FrameClock {
  const holder = globalThis as { [sharedClockKey]?: FrameClock };
  holder[sharedClockKey] ??= createFrameClock();
  return holder[sharedClockKey];
}
