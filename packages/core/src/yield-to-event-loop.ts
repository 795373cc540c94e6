/** A monotonic clock where there is one. */
export const now: () => number =
  typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

interface SchedulerWithYield {
  yield(): Promise<void>;
}

/**
 * Ends the current task so rendering, input and timers get their turn. `scheduler.yield()`
 * resumes ahead of other tasks where browsers have it; a MessageChannel message avoids the
 * 4 ms clamp of nested `setTimeout`; `setImmediate` is Node's equivalent.
 */
interface YieldingGlobals {
  scheduler?: Partial<SchedulerWithYield>;
  setImmediate?: (callback: () => void) => unknown;
}

export function yieldToEventLoop(): Promise<void> {
  const { scheduler, setImmediate } = globalThis as YieldingGlobals;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
