/**
 * A flush schedule the test drives by hand: the store asks for a flush, nothing happens until
 * `flushAll()`. Lets a test pile up many tokens or status events and publish them in one flush.
 */
export interface ManualSchedule {
  schedule: (flush: () => void) => () => void;
  /** Runs every flush requested so far; returns how many ran. */
  flushAll: () => number;
  /** Flushes requested and not yet run or cancelled. */
  pending: () => number;
}

export function createManualSchedule(): ManualSchedule {
  const waiting = new Set<() => void>();
  return {
    schedule(flush) {
      // Wrap so the same function requested twice is two entries, as a real scheduler would treat it.
      const entry = () => flush();
      waiting.add(entry);
      return () => {
        waiting.delete(entry);
      };
    },
    flushAll() {
      const due = [...waiting];
      waiting.clear();
      for (const flush of due) flush();
      return due.length;
    },
    pending: () => waiting.size,
  };
}
