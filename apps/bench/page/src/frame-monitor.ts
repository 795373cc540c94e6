import { percentile } from './percentile';

/**
 * One requestAnimationFrame loop for the whole page: frame deltas, commits per frame, the
 * slow-consumer busy loop, and "painted" times.
 *
 * "Painted" is the end of the frame that renders a commit: the first task after that frame's
 * rendering steps (rAF callbacks, style, layout, paint). A commit made inside a frame's rAF
 * callbacks (sluice flushes there) is rendered by that frame; a commit made in an ordinary task
 * by the next one. Timestamping the next rAF callback instead would leave the final layout out
 * for contenders that commit in tasks and put it in for those that commit in rAF.
 *
 * Whether a commit happens inside the rAF callbacks is known from a flag raised by this loop's
 * callback and lowered by a ResizeObserver callback, which runs after every rAF callback of the
 * frame (and their microtasks) and before paint. A message posted from the frame would not do:
 * tasks queued before it (React's scheduler, fetch reads) run first and would see the flag up.
 */
export interface FrameMonitorOptions {
  /** Milliseconds of busy work in every frame while measuring. */
  busyMs: number;
}

export interface FrameMonitor {
  begin(): void;
  end(): void;
  countCommit(): void;
  /** Calls back with the time the current DOM reaches the screen. */
  whenPainted(callback: (paintedAt: number) => void): void;
  /** Calls back on each frame until the callback returns false. */
  everyFrame(callback: (now: number) => boolean): void;
  /** Frames that began after `from`, up to and including `to` (a painted time of the first task after a frame counts that frame). */
  framesBetween(from: number, to: number): number;
  summary(): FrameSummary;
}

export interface FrameSummary {
  frames: number;
  framesOver50Ms: number;
  maxCommitsPerFrame: number;
  /** p95 and longest interval between consecutive animation frames while measuring (null without frames). */
  frameIntervalP95Ms: number | null;
  frameIntervalMaxMs: number | null;
}

export function createFrameMonitor({ busyMs }: FrameMonitorOptions): FrameMonitor {
  let measuring = false;
  let previousFrameAt: number | null = null;
  let frames = 0;
  const frameStarts: number[] = [];
  const frameIntervals: number[] = [];
  let framesOver50Ms = 0;
  let commitsSinceFrame = 0;
  let maxCommitsPerFrame = 0;
  let inFrameCallbacks = false;
  let nextFrameCallbacks: Array<(now: number) => void> = [];
  let afterFrameCallbacks: Array<(now: number) => void> = [];
  let frameWatchers: Array<(now: number) => boolean> = [];

  // A 1 px probe whose width flips every frame, so the observer reports once per frame.
  const probe = document.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;top:0;left:0;height:1px;width:1px;contain:strict;visibility:hidden';
  document.body.append(probe);
  new ResizeObserver(() => {
    inFrameCallbacks = false;
  }).observe(probe);

  const afterFrame = new MessageChannel();
  afterFrame.port1.onmessage = () => {
    const callbacks = afterFrameCallbacks;
    afterFrameCallbacks = [];
    const now = performance.now();
    for (const callback of callbacks) callback(now);
  };

  const tick = () => {
    const now = performance.now();
    inFrameCallbacks = true;
    probe.style.width = probe.style.width === '1px' ? '2px' : '1px';
    afterFrame.port2.postMessage(null);
    if (measuring) {
      frameStarts.push(now);
      if (previousFrameAt !== null) {
        frames += 1;
        frameIntervals.push(now - previousFrameAt);
        if (now - previousFrameAt > 50) framesOver50Ms += 1;
      }
      previousFrameAt = now;
      maxCommitsPerFrame = Math.max(maxCommitsPerFrame, commitsSinceFrame);
      commitsSinceFrame = 0;
    }
    const callbacks = nextFrameCallbacks;
    nextFrameCallbacks = [];
    for (const callback of callbacks) callback(now);
    frameWatchers = frameWatchers.filter((watcher) => watcher(now));
    if (measuring && busyMs > 0) {
      const busyUntil = now + busyMs;
      while (performance.now() < busyUntil) {
        // A slow consumer: a device or an app that spends this long on every frame.
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  return {
    begin() {
      measuring = true;
      previousFrameAt = performance.now();
    },
    end() {
      measuring = false;
      maxCommitsPerFrame = Math.max(maxCommitsPerFrame, commitsSinceFrame);
    },
    countCommit() {
      commitsSinceFrame += 1;
    },
    whenPainted(callback) {
      if (inFrameCallbacks) afterFrameCallbacks.push(callback);
      else nextFrameCallbacks.push(() => afterFrameCallbacks.push(callback));
    },
    everyFrame(callback) {
      frameWatchers.push(callback);
    },
    framesBetween: (from, to) => frameStarts.filter((start) => start > from && start <= to).length,
    summary: () => ({
      frames,
      framesOver50Ms,
      maxCommitsPerFrame,
      frameIntervalP95Ms: percentile(frameIntervals, 0.95),
      frameIntervalMaxMs: frameIntervals.length > 0 ? frameIntervals.reduce((max, interval) => Math.max(max, interval), 0) : null,
    }),
  };
}
