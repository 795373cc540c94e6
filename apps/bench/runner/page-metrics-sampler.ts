import type { CDPSession } from 'playwright-core';

/** Main-thread time by kind, from CDP `Performance.getMetrics` (seconds there, ms here). */
export interface MainThreadTime {
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  taskMs: number;
}

export interface PageMetricsSummary {
  /** JS heap used after a forced GC just before the run. */
  heapBaseline: number;
  /** The largest JS heap used seen during the run. */
  heapPeak: number;
  /** Main-thread time spent during the run. */
  mainThread: MainThreadTime;
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
export async function startPageMetricsSampler(session: CDPSession, intervalMs = 100) {
  await session.send('Performance.enable');
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  const before = await readMetrics(session);
  const heapBaseline = before.get('JSHeapUsedSize') ?? 0;
  let heapPeak = heapBaseline;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        heapPeak = Math.max(heapPeak, (await readMetrics(session)).get('JSHeapUsedSize') ?? 0);
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
        const start = mainThreadTime(before);
        const end = mainThreadTime(after);
        return {
          heapBaseline,
          heapPeak: Math.max(heapPeak, after.get('JSHeapUsedSize') ?? 0),
          mainThread: {
            scriptMs: end.scriptMs - start.scriptMs,
            layoutMs: end.layoutMs - start.layoutMs,
            styleMs: end.styleMs - start.styleMs,
            taskMs: end.taskMs - start.taskMs,
          },
        };
      } catch {
        return { heapBaseline, heapPeak, mainThread: { scriptMs: 0, layoutMs: 0, styleMs: 0, taskMs: 0 } };
      }
    },
  };
}
