import type { LongFrameTrace } from './bench-protocol';

/** The fields of a `long-animation-frame` entry this monitor reads (Chromium's LoAF API). */
interface AnimationFrameEntry extends PerformanceEntry {
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: readonly {
    invoker: string;
    invokerType: string;
    duration: number;
    forcedStyleAndLayoutDuration: number;
  }[];
}

/** Scripts listed per trace, longest first; the rest are summed in the frame's script time. */
const scriptsListed = 3;

/**
 * Records `long-animation-frame` entries (frames over 50 ms), so a report can say what the
 * longest frame of a run spent its time on: script (and which callbacks ran it), style and
 * layout, or neither (idle gaps, garbage collection, the compositor).
 */
export function createLongFrameMonitor() {
  const entries: AnimationFrameEntry[] = [];
  const supported = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
  const observer = supported
    ? new PerformanceObserver((list) => {
        entries.push(...(list.getEntries() as AnimationFrameEntry[]));
      })
    : null;
  observer?.observe({ type: 'long-animation-frame', buffered: true });

  return {
    /** The longest frame that started inside the window, broken down; null if none was long. */
    longest(from: number, to: number): LongFrameTrace | null {
      if (observer) entries.push(...(observer.takeRecords() as AnimationFrameEntry[]));
      const inWindow = entries.filter((entry) => entry.startTime >= from && entry.startTime <= to);
      const frame = inWindow.reduce<AnimationFrameEntry | null>((longest, entry) => (longest === null || entry.duration > longest.duration ? entry : longest), null);
      if (frame === null) return null;
      const end = frame.startTime + frame.duration;
      const scripts = [...frame.scripts].sort((a, b) => b.duration - a.duration);
      return {
        atMs: frame.startTime - from,
        durationMs: frame.duration,
        scriptMs: scripts.reduce((sum, script) => sum + script.duration, 0),
        styleAndLayoutMs: frame.styleAndLayoutStart > 0 ? end - frame.styleAndLayoutStart : 0,
        forcedStyleAndLayoutMs: scripts.reduce((sum, script) => sum + script.forcedStyleAndLayoutDuration, 0),
        scripts: scripts.slice(0, scriptsListed).map((script) => ({ invoker: script.invoker || script.invokerType, durationMs: script.duration })),
      };
    },
  };
}
