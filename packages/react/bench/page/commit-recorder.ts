/**
 * Counts React commits per animation frame. A commit belongs to the frame whose rendering
 * update last ran before it: `document.timeline.currentTime` is that frame's time, the same for
 * every callback and task until the next frame. (Counting the recorder's own frame callbacks
 * put the first frame's flush, whose frame callback was registered before the recorder's, in
 * the same bucket as a commit made before that frame.) The frame count is the recorder's own.
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
  const perFrame = new Map<number | string, number>();
  const frameTime = (): number | string => {
    const time = document.timeline.currentTime;
    return typeof time === 'number' ? time : `recorder frame ${frame}`;
  };
  const durations: number[] = [];

  const tick = () => {
    if (!recording) return;
    handle = requestAnimationFrame(tick);
    frame += 1;
  };

  return {
    onRender(_id, phase, actualDuration) {
      if (!recording) return;
      const time = frameTime();
      perFrame.set(time, (perFrame.get(time) ?? 0) + 1);
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
