import type { CDPSession } from 'playwright-core';
import type { RunProgress } from '../page/src/bench-protocol';

/** Main-thread time by kind, from CDP `Performance.getMetrics` (seconds there, ms here). */
export interface MainThreadTime {
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  taskMs: number;
}

/** One sample of the run's progress: the page's committed length and frames, and CDP's counters since start. */
export interface ProgressSample extends RunProgress, MainThreadTime {}

export interface PageMetricsSummary {
  /** JS heap used after a forced GC just before the run. */
  heapBaseline: number;
  /** The largest JS heap used seen during the run. */
  heapPeak: number;
  /** Main-thread time spent during the run. */
  mainThread: MainThreadTime;
  /** With `readProgress`: the samples in order, main-thread time counted from the sampler's start. */
  progress?: ProgressSample[];
}

export interface PageMetricsSamplerOptions {
  intervalMs?: number;
  /**
   * Reads the page's progress right after each metrics read (the two CDP answers queue behind
   * the same main thread, so they describe nearly the same moment); null when it is not there.
   */
  readProgress?: () => Promise<RunProgress | null>;
}

async function readMetrics(session: CDPSession): Promise<Map<string, number>> {
  const { metrics } = await session.send('Performance.getMetrics');
  return new Map(metrics.map((metric) => [metric.name, metric.value]));
}

function mainThreadTime(metrics: Map<string, number>): MainThreadTime {
  const ms = (name: string) => (metrics.get(name) ?? 0) * 1000;
  return { scriptMs: ms('ScriptDuration'), layoutMs: ms('LayoutDuration'), styleMs: ms('RecalcStyleDuration'), taskMs: ms('TaskDuration') };
}

/**
 * Samples the page's JS heap through CDP every `intervalMs` until stopped, and the main-thread
 * time spent in between. Samples queue behind a busy main thread, which is fine: the peak is
 * what matters.
 */
export async function startPageMetricsSampler(session: CDPSession, { intervalMs = 100, readProgress }: PageMetricsSamplerOptions = {}) {
  await session.send('Performance.enable');
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  const before = await readMetrics(session);
  const heapBaseline = before.get('JSHeapUsedSize') ?? 0;
  let heapPeak = heapBaseline;
  let running = true;
  const progress: ProgressSample[] = [];
  const since = (metrics: Map<string, number>): MainThreadTime => {
    const start = mainThreadTime(before);
    const now = mainThreadTime(metrics);
    return { scriptMs: now.scriptMs - start.scriptMs, layoutMs: now.layoutMs - start.layoutMs, styleMs: now.styleMs - start.styleMs, taskMs: now.taskMs - start.taskMs };
  };
  const loop = (async () => {
    while (running) {
      try {
        const metrics = await readMetrics(session);
        heapPeak = Math.max(heapPeak, metrics.get('JSHeapUsedSize') ?? 0);
        const at = readProgress === undefined ? null : await readProgress();
        if (at !== null) progress.push({ ...at, ...since(metrics) });
      } catch {
        return; // the page closed
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop(): Promise<PageMetricsSummary | null> {
      running = false;
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 2000))]);
      try {
        const after = await Promise.race([
          readMetrics(session),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('metrics timed out')), 5000)),
        ]);
        return {
          heapBaseline,
          heapPeak: Math.max(heapPeak, after.get('JSHeapUsedSize') ?? 0),
          mainThread: since(after),
          ...(readProgress === undefined ? {} : { progress }),
        };
      } catch {
        return { heapBaseline, heapPeak, mainThread: { scriptMs: 0, layoutMs: 0, styleMs: 0, taskMs: 0 }, ...(readProgress === undefined ? {} : { progress }) };
      }
    },
  };
}
