import { percentile } from '../page/src/percentile';
import type { ProgressSample } from './page-metrics-sampler';
import type { RunRecord } from './run-once';

/** The figures of one run, derived from what the page and the producer recorded. */
export interface RunFigures {
  commits: number;
  commitsPerSecond: number;
  commitsPerFrame: number;
  /** Commits that put no new text on screen (phase changes, list or scroll bookkeeping). */
  commitsWithoutNewText: number;
  maxCommitsPerFrame: number;
  frames: number;
  framesOver50Ms: number;
  /** Interval between consecutive animation frames during the run: p95 and longest. */
  frameIntervalP95Ms: number | null;
  frameIntervalMaxMs: number | null;
  /** Key presses timed while the stream ran (from start to the final paint, or to the Stop click). */
  inputPresses: number;
  /** Key press (`event.timeStamp`) → its keydown handler starts: p95 and longest. */
  inputToHandlerP95Ms: number | null;
  inputToHandlerMaxMs: number | null;
  /** Key press → the end of the next frame after its handler: p95 and longest. */
  inputToPaintP95Ms: number | null;
  inputToPaintMaxMs: number | null;
  longTaskCount: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
  /** First body byte read → the final text painted (null when it never was). */
  firstByteToPaintedMs: number | null;
  /** Last body byte read → the final text painted. */
  lastByteToPaintedMs: number | null;
  /** Frames that began between the last byte and the paint (1 = painted in the next frame). */
  lastByteToPaintedFrames: number | null;
  peakHeapMb: number | null;
  heapGrowthMb: number | null;
  blockedOnDrainMs: number;
  abortToDisconnectMs: number | null;
  tokensAfterDisconnect: number | null;
  charsPaintedAfterStop: number | null;
  /** Streams the producer had finished writing before the Stop click (no disconnect left to time). */
  streamsFinishedBeforeStop: number | null;
  megabytesRead: number;
  scriptMs: number | null;
  layoutMs: number | null;
  styleMs: number | null;
  /** CDP `TaskDuration` over the run: every main-thread task, whatever it did. */
  mainThreadMs: number | null;
  /** Script + style + layout over the run: the main-thread work a renderer causes. */
  renderWorkMs: number | null;
  /** Markdown scenarios: script + style + layout ms per animation frame while the committed text was 5–15 KB long. */
  frameCostAt10KbMs: number | null;
  /** The same while it was 95–105 KB long. */
  frameCostAt100KbMs: number | null;
}

export type FigureName = keyof RunFigures;

/** Half the span of committed text over which a "per-frame cost at N KB" is averaged. */
export const frameCostHalfWindow = 5_000;

/**
 * Main-thread script + style + layout per animation frame while the committed text grew through
 * `center ± frameCostHalfWindow` characters: the counters' difference between the last sample at
 * or before the window's start and the first at or past its end, over the frames in between.
 * Null when the run has no such pair or the window spans fewer than `minimumFrames`. A burst
 * passes a window in a frame or two, so the report shows these for paced scenarios only.
 */
export function frameCostAround(samples: readonly ProgressSample[], center: number, minimumFrames = 2): number | null {
  const from = [...samples].reverse().find((sample) => sample.length <= center - frameCostHalfWindow);
  const to = samples.find((sample) => sample.length >= center + frameCostHalfWindow);
  if (from === undefined || to === undefined) return null;
  const frames = to.frames - from.frames;
  if (frames < minimumFrames) return null;
  const work = (sample: ProgressSample) => sample.scriptMs + sample.styleMs + sample.layoutMs;
  return (work(to) - work(from)) / frames;
}

const megabyte = 1024 * 1024;

export function runFigures(record: RunRecord): RunFigures | null {
  const page = record.page;
  if (page === null) return null;
  const windowEnd = page.paintedAt ?? page.endedAt;
  const seconds = Math.max(windowEnd - page.startedAt, 1) / 1000;
  const stop = page.stop;
  const disconnects = record.producer.map((stream) => stream.disconnectedAt);
  const everyDisconnected = record.producer.length > 0 && disconnects.every((at) => at !== null);
  const streamEnd = stop?.clickedAt ?? page.paintedAt ?? page.endedAt;
  const presses = (record.input?.samples ?? []).filter((sample) => sample.pressedAt >= page.startedAt && sample.pressedAt <= streamEnd);
  const toHandler = presses.map((sample) => sample.handlerAt - sample.pressedAt);
  const toPaint = presses.flatMap((sample) => (sample.paintedAt === null ? [] : [sample.paintedAt - sample.pressedAt]));
  const longest = (values: number[]) => (values.length > 0 ? Math.max(...values) : null);
  return {
    commitsPerSecond: page.commits / seconds,
    commits: page.commits,
    commitsWithoutNewText: page.commitsWithoutNewText ?? 0,
    commitsPerFrame: page.frames > 0 ? page.commits / page.frames : page.commits,
    maxCommitsPerFrame: page.maxCommitsPerFrame,
    frames: page.frames,
    framesOver50Ms: page.framesOver50Ms,
    frameIntervalP95Ms: page.frameIntervalP95Ms ?? null,
    frameIntervalMaxMs: page.frameIntervalMaxMs ?? null,
    inputPresses: presses.length,
    inputToHandlerP95Ms: percentile(toHandler, 0.95),
    inputToHandlerMaxMs: longest(toHandler),
    inputToPaintP95Ms: percentile(toPaint, 0.95),
    inputToPaintMaxMs: longest(toPaint),
    longTaskCount: page.longTasks.count,
    longTaskTotalMs: page.longTasks.totalMs,
    longTaskMaxMs: page.longTasks.maxMs,
    firstByteToPaintedMs: page.paintedAt !== null && page.firstByteAt !== null ? page.paintedAt - page.firstByteAt : null,
    lastByteToPaintedMs: page.paintedAt !== null && page.lastByteAt !== null ? page.paintedAt - page.lastByteAt : null,
    lastByteToPaintedFrames: page.framesFromLastByteToPainted,
    peakHeapMb: record.metrics ? record.metrics.heapPeak / megabyte : null,
    heapGrowthMb: record.metrics ? (record.metrics.heapPeak - record.metrics.heapBaseline) / megabyte : null,
    blockedOnDrainMs: record.producer.reduce((sum, stream) => sum + stream.blockedOnDrainMs, 0),
    abortToDisconnectMs:
      stop !== null && everyDisconnected ? Math.max(...disconnects.map((at) => (at ?? 0) - stop.clickEpochMs)) : null,
    tokensAfterDisconnect: stop !== null ? record.producer.reduce((sum, stream) => sum + stream.tokensAfterDisconnect, 0) : null,
    charsPaintedAfterStop: stop !== null ? stop.maxLengthAfter - stop.lengthAtClick : null,
    streamsFinishedBeforeStop:
      stop !== null ? record.producer.filter((stream) => stream.completed && (stream.endedAt ?? 0) <= stop.clickEpochMs).length : null,
    megabytesRead: page.bytesRead / megabyte,
    scriptMs: record.metrics?.mainThread.scriptMs ?? null,
    layoutMs: record.metrics?.mainThread.layoutMs ?? null,
    styleMs: record.metrics?.mainThread.styleMs ?? null,
    mainThreadMs: record.metrics?.mainThread.taskMs ?? null,
    renderWorkMs: record.metrics ? record.metrics.mainThread.scriptMs + record.metrics.mainThread.styleMs + record.metrics.mainThread.layoutMs : null,
    frameCostAt10KbMs: record.metrics?.progress ? frameCostAround(record.metrics.progress, 10_000) : null,
    frameCostAt100KbMs: record.metrics?.progress ? frameCostAround(record.metrics.progress, 100_000) : null,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median of each figure over the runs that produced it (runs that failed or timed out are left out). */
export function medianFigures(runs: readonly (RunFigures | null)[]): Partial<Record<FigureName, number | null>> {
  const present = runs.filter((run): run is RunFigures => run !== null);
  if (present.length === 0) return {};
  const names = Object.keys(present[0] as RunFigures) as FigureName[];
  return Object.fromEntries(
    names.map((name) => [name, median(present.map((run) => run[name]).filter((value): value is number => value !== null))]),
  );
}
