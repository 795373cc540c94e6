import { getSharedFrameClock } from './frame-clock.js';
import type { FlushSchedule } from './types.js';

/**
 * Asks `schedule` to run `flush` once. `urgent` (terminal outcomes) skips a stretched frame
 * interval of the shared clock; numeric and custom schedules keep their own pace.
 * Returns a function that withdraws the request.
 */
export function requestFlush(schedule: FlushSchedule | undefined, flush: () => void, urgent: boolean): () => void {
  if (schedule === undefined || schedule === 'frame') return getSharedFrameClock().request(flush, { urgent });
  if (typeof schedule === 'number') {
    const handle = setTimeout(flush, schedule);
    return () => clearTimeout(handle);
  }
  return schedule(flush);
}

/** The interval between flushes right now: the clock's (stretched while frames overrun), the number given, or 0 for a custom schedule. */
export function flushIntervalOf(schedule: FlushSchedule | undefined): number {
  if (schedule === undefined || schedule === 'frame') return getSharedFrameClock().flushIntervalMs;
  if (typeof schedule === 'number') return schedule;
  return 0;
}
