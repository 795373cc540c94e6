/**
 * One clock per page decides when stores publish. Every store that wants a flush registers
 * with `request(flush)`; one animation-frame callback runs them all, so N concurrent streams
 * still cause one React commit per frame (React batches the synchronous store updates of
 * one task into one render).
 *
 * The platform is injected (like TanStack Virtual's observers) so tests drive frames by hand.
 */

export interface FrameClockPlatform {
  /** Schedules a callback for the next frame; absent where there are no frames (Node, workers). */
  requestFrame: ((callback: () => void) => unknown) | undefined;
  cancelFrame: (handle: unknown) => void;
  setTimer: (callback: () => void, milliseconds: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** True while the document is hidden, when browsers stop delivering animation frames. */
  isHidden: () => boolean;
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
  const hiddenIntervalMs = options.hiddenIntervalMs ?? 250;
  const timerIntervalMs = options.timerIntervalMs ?? 16;

  const waiting = new Set<() => void>();
  let frameHandle: unknown = null;
  let timerHandle: unknown = null;
  let ticks = 0;

  function cancelScheduled(): void {
    if (frameHandle !== null) cancelFrame(frameHandle);
    if (timerHandle !== null) clearTimer(timerHandle);
    frameHandle = null;
    timerHandle = null;
  }

  function tick(): void {
    cancelScheduled();
    ticks += 1;
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

  function schedule(): void {
    if (requestFrame && !isHidden()) {
      if (frameHandle === null) frameHandle = requestFrame(tick);
      // Hidden tabs get no frames; the backstop keeps memory bounded if the page hides
      // after the frame was requested.
      if (timerHandle === null) timerHandle = setTimer(tick, hiddenIntervalMs);
      return;
    }
    if (timerHandle === null) {
      timerHandle = setTimer(tick, requestFrame ? hiddenIntervalMs : timerIntervalMs);
    }
  }

  return {
    request(flush) {
      waiting.add(flush);
      schedule();
      return () => {
        waiting.delete(flush);
        if (waiting.size === 0) cancelScheduled();
      };
    },
    get ticks() {
      return ticks;
    },
    get flushIntervalMs() {
      return requestFrame ? 1000 / 60 : timerIntervalMs;
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
