interface TaskScheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolves in a new task, so input events and frames run before the caller continues:
 * `scheduler.yield()` where the browser has it (the continuation keeps its priority), else a
 * `MessageChannel` message (no 4 ms clamp), else `setTimeout(0)`.
 */
export function yieldToHost(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // An open port keeps Node's event loop alive.
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
