/**
 * Waits `milliseconds`, resolving early (with `false`) when `signal` aborts, so a pending rate
 * timer never outlives its stream. Uses only timers: safe in browsers and Node.
 */
export function waitFor(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Milliseconds until the step after `tokensBefore` tokens is due at `rate` tokens per second. */
export function delayUntilDue(startedAt: number, tokensBefore: number, rate: number, now: number): number {
  if (rate <= 0) return 0;
  return Math.max(0, startedAt + (tokensBefore * 1000) / rate - now);
}
