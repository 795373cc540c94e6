import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameClock, getSharedFrameClock } from './index.js';
import type { FrameClock, LongFrameEntry } from './index.js';

const sixtyHertz = 1000 / 60;

/** Frames, timers and time that only move when the test says so. */
function createFakePlatform() {
  let nextHandle = 1;
  let time = 1_000;
  let longFrameListener: ((entry: LongFrameEntry) => void) | null = null;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { callback: () => void; milliseconds: number }>();
  let hidden = false;
  let frameRequests = 0;
  let timerRequests = 0;
  return {
    platform: {
      requestFrame: (callback: () => void) => {
        frameRequests += 1;
        const handle = nextHandle++;
        frames.set(handle, callback);
        return handle;
      },
      cancelFrame: (handle: unknown) => {
        frames.delete(handle as number);
      },
      setTimer: (callback: () => void, milliseconds: number) => {
        timerRequests += 1;
        const handle = nextHandle++;
        timers.set(handle, { callback, milliseconds });
        return handle;
      },
      clearTimer: (handle: unknown) => {
        timers.delete(handle as number);
      },
      isHidden: () => hidden,
      now: () => time,
      observeLongFrames: (onEntry: (entry: LongFrameEntry) => void) => {
        longFrameListener = onEntry;
        return () => {
          longFrameListener = null;
        };
      },
    },
    now: () => time,
    /** Lets time pass without a frame. */
    advance(milliseconds: number) {
      time += milliseconds;
    },
    /** Reports a long animation frame, as the browser's PerformanceObserver would. */
    reportLongFrame(entry: LongFrameEntry) {
      longFrameListener?.(entry);
    },
    setHidden(value: boolean) {
      hidden = value;
    },
    frameRequests: () => frameRequests,
    timerRequests: () => timerRequests,
    pendingFrames: () => frames.size,
    pendingTimerDelays: () => [...timers.values()].map((timer) => timer.milliseconds),
    /**
     * Runs every frame callback requested so far (one animation frame), `afterMs` after the
     * previous one: the previous frame took that long.
     */
    runFrame(afterMs = sixtyHertz) {
      time += afterMs;
      const callbacks = [...frames.values()];
      frames.clear();
      for (const callback of callbacks) callback();
      return callbacks.length;
    },
    /** Fires every timer set so far. */
    runTimers() {
      const callbacks = [...timers.values()].map((timer) => timer.callback);
      timers.clear();
      for (const callback of callbacks) callback();
      return callbacks.length;
    },
  };
}

describe('createFrameClock with injected platform functions', () => {
  it('runs every registered flush once in one frame, and the same flush twice only once', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const calls: string[] = [];
    const first = () => calls.push('first');
    const second = () => calls.push('second');

    clock.request(first);
    clock.request(second);
    clock.request(first);
    expect(calls).toEqual([]);

    expect(fake.runFrame()).toBe(1);
    expect(calls.sort()).toEqual(['first', 'second']);

    // The backstop must not run the same flushes a second time.
    fake.runTimers();
    fake.runFrame();
    expect(calls).toHaveLength(2);
  });

  it('serves 10 streams with a single frame callback', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const counts = Array.from({ length: 10 }, () => 0);
    for (let index = 0; index < 10; index += 1) {
      clock.request(() => {
        counts[index] = (counts[index] ?? 0) + 1;
      });
    }
    expect(fake.frameRequests()).toBe(1);
    expect(fake.runFrame()).toBe(1);
    expect(counts).toEqual(Array.from({ length: 10 }, () => 1));
  });

  it('requests a new frame for flushes registered after a frame ran', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    let runs = 0;
    const flush = () => {
      runs += 1;
    };
    clock.request(flush);
    fake.runFrame();
    clock.request(flush);
    expect(fake.frameRequests()).toBe(2);
    fake.runFrame();
    expect(runs).toBe(2);
  });

  it('withdraws a flush through the returned cancel function', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    let kept = 0;
    let withdrawn = 0;
    clock.request(() => {
      kept += 1;
    });
    const cancel = clock.request(() => {
      withdrawn += 1;
    });
    cancel();
    fake.runFrame();
    fake.runTimers();
    expect(kept).toBe(1);
    expect(withdrawn).toBe(0);
  });

  it('uses a low-rate timer (250 ms by default) instead of frames while hidden', () => {
    const fake = createFakePlatform();
    fake.setHidden(true);
    const clock = createFrameClock(fake.platform);
    let runs = 0;
    clock.request(() => {
      runs += 1;
    });
    clock.request(() => {
      runs += 1;
    });
    expect(fake.frameRequests()).toBe(0);
    expect(fake.pendingTimerDelays()).toEqual([250]);
    fake.runTimers();
    expect(runs).toBe(2);
  });

  it('flushes through the backstop timer when frames stop coming', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    let runs = 0;
    clock.request(() => {
      runs += 1;
    });
    expect(fake.frameRequests()).toBe(1);
    // The page hid after the frame was requested: no frame ever arrives.
    fake.setHidden(true);
    fake.runTimers();
    expect(runs).toBe(1);
    // A frame that arrives late finds nothing left to run.
    fake.runFrame();
    expect(runs).toBe(1);
  });

  it('keeps one flush failing from starving the others', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    let healthy = 0;
    clock.request(() => {
      throw new Error('broken subscriber');
    });
    clock.request(() => {
      healthy += 1;
    });
    fake.runFrame();
    expect(healthy).toBe(1);
  });
});

type FakePlatform = ReturnType<typeof createFakePlatform>;

/**
 * A store that always has new text (an unlimited producer): it asks for a flush whenever it has
 * none pending, and records the time of every flush it gets.
 */
function busyStore(clock: FrameClock, fake: FakePlatform) {
  const flushedAt: number[] = [];
  let pending = false;
  const flush = () => {
    pending = false;
    flushedAt.push(fake.now());
  };
  return {
    flushedAt,
    /** New text arrived: ask for a flush (once). */
    receive() {
      if (pending) return;
      pending = true;
      clock.request(flush);
    },
  };
}

/**
 * Runs `count` frames with a busy store. A frame in which the clock flushed takes `flushFrameMs`
 * (the render the flush caused); every other frame `idleFrameMs`, one vsync of `vsyncMs` unless
 * the page itself is slow.
 */
function driveFrames(
  fake: FakePlatform,
  store: ReturnType<typeof busyStore>,
  count: number,
  flushFrameMs: number,
  vsyncMs = sixtyHertz,
  idleFrameMs = vsyncMs,
): void {
  let previousFlushed = false;
  for (let frame = 0; frame < count; frame += 1) {
    store.receive();
    const before = store.flushedAt.length;
    fake.runFrame(previousFlushed ? flushFrameMs : idleFrameMs);
    previousFlushed = store.flushedAt.length > before;
  }
}

/** Frames between consecutive flushes, from the flush times, for frames of `vsyncMs`. */
function gaps(flushedAt: readonly number[]): number[] {
  return flushedAt.slice(1).map((at, index) => Math.round(at - (flushedAt[index] ?? 0)));
}

describe('adaptive frame budget', () => {
  it('flushes every frame while frames are cheap, and reports one frame as the interval', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 30, sixtyHertz);
    expect(store.flushedAt).toHaveLength(30);
    expect(clock.flushIntervalMs).toBeCloseTo(sixtyHertz, 3);
  });

  it('stretches the interval when flush frames overrun, so most frames stay free', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    // Every flush causes a 50 ms frame (3 vsyncs): flushing every 4th frame covers it.
    driveFrames(fake, store, 60, 50);
    expect(clock.flushIntervalMs).toBeCloseTo(4 * sixtyHertz, 3);
    // After the first slow flush frame, a flush frame (50 ms) and three idle frames per flush.
    const steady = gaps(store.flushedAt).slice(2);
    expect(steady.length).toBeGreaterThan(5);
    expect(new Set(steady)).toEqual(new Set([Math.round(50 + 3 * sixtyHertz)]));
  });

  it('caps the stretched interval at 250 ms however slow frames get', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 80, 200);
    expect(clock.flushIntervalMs).toBeCloseTo(250, 3);
    // Flushes still come: no gap longer than the cap plus the frame that carries the flush.
    expect(Math.max(...gaps(store.flushedAt))).toBeLessThanOrEqual(250 + 200);

    const slower = createFakePlatform();
    const slowClock = createFrameClock(slower.platform);
    const slowStore = busyStore(slowClock, slower);
    // Frames longer than the cap: every frame flushes, the interval stays at the cap.
    driveFrames(slower, slowStore, 10, 400);
    expect(slowClock.flushIntervalMs).toBeCloseTo(250, 3);
    expect(slowStore.flushedAt).toHaveLength(10);
  });

  it('shrinks back step by step once flush frames are cheap again', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 20, 60);
    expect(clock.flushIntervalMs).toBeCloseTo(4 * sixtyHertz, 3);

    const intervals: number[] = [];
    for (let flushes = 0; flushes < 6; flushes += 1) {
      const before = store.flushedAt.length;
      while (store.flushedAt.length === before) driveFrames(fake, store, 1, sixtyHertz);
      intervals.push(Math.round(clock.flushIntervalMs / sixtyHertz));
    }
    // Halves after two cheap flush frames in a row, down to one flush per frame.
    expect(intervals[0]).toBe(4);
    expect(intervals.at(-1)).toBe(1);
    expect(intervals).toEqual([...intervals].sort((a, b) => b - a));
  });

  it('keeps flushing every frame when the page is slow by itself, not because of the flushes', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    // Every frame takes 50 ms (an app busy in each frame), and a flush adds almost nothing.
    driveFrames(fake, store, 60, 52, sixtyHertz, 50);
    expect(clock.flushIntervalMs).toBeCloseTo(sixtyHertz, 3);
    const before = store.flushedAt.length;
    driveFrames(fake, store, 20, 52, sixtyHertz, 50);
    expect(store.flushedAt.length - before).toBe(20);
  });

  it("still stretches for what flushes cost beyond the page's own slow frames", () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    // Frames take 50 ms without a flush and 100 ms with one: the flush costs 67 ms over a vsync.
    driveFrames(fake, store, 60, 100, sixtyHertz, 50);
    expect(clock.flushIntervalMs).toBeCloseTo(4 * sixtyHertz, 3);
  });

  it('does not flap on flush frames between cheap and overrunning', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 20, 60);
    const stretched = clock.flushIntervalMs;
    expect(stretched).toBeGreaterThan(sixtyHertz);
    // 22 ms: over 1.2 frames, under 1.5: neither shrink nor stretch.
    driveFrames(fake, store, 80, 22);
    expect(clock.flushIntervalMs).toBeCloseTo(stretched, 6);
  });

  it('takes the budget from the display: on 120 Hz a two-vsync flush frame is an overrun', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    const vsync = 1000 / 120;
    // First cheap frames teach the clock the display's interval.
    driveFrames(fake, store, 10, vsync, vsync);
    expect(clock.flushIntervalMs).toBeCloseTo(vsync, 3);
    driveFrames(fake, store, 20, 2 * vsync, vsync);
    expect(clock.flushIntervalMs).toBeCloseTo(2 * vsync, 3);
  });

  it('measures frames by their start time, so callbacks that run late or early do not skew the budget', () => {
    // A 60 Hz display whose frame callbacks run 12 ms late every other frame (a long task was
    // in the way) and so the next one only ~4.7 ms after it: the frames themselves still start
    // one vsync apart, as the timestamps requestAnimationFrame passes say.
    let time = 1_000;
    let frameStart = 1_000;
    let pending: ((frameTime?: number) => void) | null = null;
    const clock = createFrameClock({
      requestFrame: (callback) => {
        pending = callback;
        return 1;
      },
      cancelFrame: () => {
        pending = null;
      },
      setTimer: () => 2,
      clearTimer: () => {},
      isHidden: () => false,
      now: () => time,
      observeLongFrames: undefined,
    });
    let flushes = 0;
    for (let frame = 0; frame < 40; frame += 1) {
      clock.request(() => {
        flushes += 1;
      });
      frameStart += sixtyHertz;
      time = frameStart + (frame % 2 === 0 ? 12 : 0);
      const callback = pending as ((frameTime?: number) => void) | null;
      pending = null;
      callback?.(frameStart);
    }
    // Every flush frame fit in its vsync: nothing to stretch, one flush per frame.
    expect(clock.flushIntervalMs).toBeCloseTo(sixtyHertz, 3);
    expect(flushes).toBe(40);
  });

  it('flushes an urgent request at the very next frame, however stretched the interval is', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 40, 200);
    expect(clock.flushIntervalMs).toBeCloseTo(250, 3);
    // Just after a flush, a plain request waits several frames...
    const flushes = store.flushedAt.length;
    while (store.flushedAt.length === flushes) driveFrames(fake, store, 1, sixtyHertz);
    const order: string[] = [];
    clock.request(() => order.push('plain'));
    fake.runFrame(sixtyHertz);
    fake.runFrame(sixtyHertz);
    expect(order).toEqual([]);
    // ...an urgent one (Stop, start(), a terminal event) goes at the next frame, with the rest.
    clock.request(() => order.push('terminal'), { urgent: true });
    fake.runFrame(sixtyHertz);
    expect(order.sort()).toEqual(['plain', 'terminal']);
    // Urgency is for one flush: the stretch stays.
    expect(clock.flushIntervalMs).toBeCloseTo(250, 3);
  });

  it('still serves every store in one frame callback while stretched', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const stores = Array.from({ length: 10 }, () => busyStore(clock, fake));
    let previousFlushed = false;
    for (let frame = 0; frame < 60; frame += 1) {
      for (const store of stores) store.receive();
      expect(fake.pendingFrames()).toBeLessThanOrEqual(1);
      const before = clock.ticks;
      fake.runFrame(previousFlushed ? 60 : sixtyHertz);
      previousFlushed = clock.ticks > before;
    }
    expect(clock.flushIntervalMs).toBeGreaterThan(sixtyHertz);
    const counts = stores.map((store) => store.flushedAt.length);
    expect(new Set(counts).size).toBe(1);
    // Every flush of every store happened in one of the clock's ticks.
    expect(counts[0]).toBe(clock.ticks);
    expect(clock.ticks).toBeLessThan(60);
  });

  it('leaves flushing to slow frames that still come, and to the backstop once they stop', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    const store = busyStore(clock, fake);
    driveFrames(fake, store, 40, 200);
    const flushes = store.flushedAt.length;
    store.receive();
    // A frame came 100 ms ago: the backstop steps back, the next frame flushes.
    fake.runFrame(sixtyHertz);
    fake.advance(100);
    fake.runTimers();
    expect(store.flushedAt).toHaveLength(flushes);
    // No frame for longer than the backstop: it flushes.
    fake.advance(300);
    fake.runTimers();
    expect(store.flushedAt).toHaveLength(flushes + 1);
  });

  it('learns from long-animation-frame entries a flush that no frame interval measured', () => {
    const fake = createFakePlatform();
    const clock = createFrameClock(fake.platform);
    let flushes = 0;
    clock.request(() => {
      flushes += 1;
    });
    // Frames stopped coming although the page is visible: the backstop timer flushes.
    fake.advance(250);
    fake.runTimers();
    expect(flushes).toBe(1);
    expect(clock.flushIntervalMs).toBeCloseTo(sixtyHertz, 3);
    const flushedAt = fake.now();
    // An entry elsewhere on the time line says nothing about the flush.
    fake.reportLongFrame({ startTime: flushedAt - 2_000, duration: 300 });
    expect(clock.flushIntervalMs).toBeCloseTo(sixtyHertz, 3);
    fake.reportLongFrame({ startTime: flushedAt - 10, duration: 300 });
    expect(clock.flushIntervalMs).toBeCloseTo(250, 3);
  });
});

describe('createFrameClock without requestAnimationFrame (Node)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('falls back to a ~16 ms timer', () => {
    vi.useFakeTimers();
    expect(typeof globalThis.requestAnimationFrame).toBe('undefined');
    const clock = createFrameClock();
    let runs = 0;
    clock.request(() => {
      runs += 1;
    });
    clock.request(() => {
      runs += 1;
    });
    vi.advanceTimersByTime(5);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(20);
    expect(runs).toBe(2);
    expect(clock.flushIntervalMs).toBe(16);
  });

  it('shares one clock per page', () => {
    expect(getSharedFrameClock()).toBe(getSharedFrameClock());
  });
});
