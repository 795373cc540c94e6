import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameClock, getSharedFrameClock } from './index.js';

/** Frames and timers that only run when the test says so. */
function createFakePlatform() {
  let nextHandle = 1;
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
      now: () => 0,
    },
    setHidden(value: boolean) {
      hidden = value;
    },
    frameRequests: () => frameRequests,
    timerRequests: () => timerRequests,
    pendingFrames: () => frames.size,
    pendingTimerDelays: () => [...timers.values()].map((timer) => timer.milliseconds),
    /** Runs every frame callback requested so far (one animation frame). */
    runFrame() {
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
  });

  it('shares one clock per page', () => {
    expect(getSharedFrameClock()).toBe(getSharedFrameClock());
  });
});
