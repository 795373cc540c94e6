import type { LongTaskSummary } from './bench-protocol';

/** Records 'longtask' entries (main-thread tasks over 50 ms) from page load on. */
export function createLongTaskMonitor() {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    entries.push(...list.getEntries());
  });
  observer.observe({ type: 'longtask', buffered: true });

  return {
    /** Tasks that started inside the window; takes entries still queued in the observer first. */
    summarize(from: number, to: number): LongTaskSummary {
      entries.push(...observer.takeRecords());
      const inWindow = entries.filter((entry) => entry.startTime >= from && entry.startTime <= to);
      return {
        count: inWindow.length,
        totalMs: inWindow.reduce((sum, entry) => sum + entry.duration, 0),
        maxMs: inWindow.reduce((max, entry) => Math.max(max, entry.duration), 0),
      };
    },
  };
}
