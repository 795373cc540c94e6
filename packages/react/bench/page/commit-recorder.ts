/**
 * Counts React commits per animation frame. The recorder's own frame callback is registered
 * first in every frame (it re-registers at the start of its callback), so a frame's flush and
 * the layout work after it land in that frame's bucket.
 */
export interface CommitRecorder {
  /** Pass as `<Profiler onRender>`. */
  onRender: (id: string, phase: string, actualDuration: number) => void;
  start(): void;
  stop(): CommitStats;
}

export interface CommitStats {
  commits: number;
  frames: number;
  seconds: number;
  commitsPerSecond: number;
  commitsPerFrame: number;
  /** The most commits seen in one frame. */
  maxCommitsInFrame: number;
  /** Median React render duration of an update commit, in ms. */
  medianCommitMs: number;
  /** Longest React render duration of an update commit, in ms. */
  maxCommitMs: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function createCommitRecorder(): CommitRecorder {
  let recording = false;
  let frame = 0;
  let startedAt = 0;
  let handle = 0;
  const perFrame = new Map<number, number>();
  const durations: number[] = [];

  const tick = () => {
    if (!recording) return;
    handle = requestAnimationFrame(tick);
    frame += 1;
  };

  return {
    onRender(_id, phase, actualDuration) {
      if (!recording) return;
      perFrame.set(frame, (perFrame.get(frame) ?? 0) + 1);
      if (phase !== 'mount') durations.push(actualDuration);
    },
    start() {
      recording = true;
      frame = 0;
      perFrame.clear();
      durations.length = 0;
      startedAt = performance.now();
      handle = requestAnimationFrame(tick);
    },
    stop() {
      recording = false;
      cancelAnimationFrame(handle);
      const seconds = (performance.now() - startedAt) / 1000;
      const commits = [...perFrame.values()].reduce((sum, count) => sum + count, 0);
      return {
        commits,
        frames: frame,
        seconds,
        commitsPerSecond: commits / seconds,
        commitsPerFrame: frame > 0 ? commits / frame : commits,
        maxCommitsInFrame: Math.max(0, ...perFrame.values()),
        medianCommitMs: median(durations),
        maxCommitMs: Math.max(0, ...durations),
      };
    },
  };
}
