import { splitIntoTokens } from '@sluice/mock-producer/browser';
import type { PageResult, RunParameters, RunProgress, StopSummary } from './bench-protocol';
import { streamId } from './bench-protocol';
import { createByteMeter } from './byte-meter';
import { createFrameMonitor } from './frame-monitor';
import type { FrameMonitor } from './frame-monitor';
import { createLongTaskMonitor } from './long-task-monitor';
import { createLongFrameMonitor } from './long-frame-monitor';

/** What each contender's stream hands the session: how to begin and how to Stop. */
export interface StreamControls {
  start(): void;
  stop(): void;
}

/** After Stop, watch the screen this long for text that should not appear. */
const observeAfterStopMs = 1000;
/** After every body ended, give the contender this long to paint the final text. */
const settleAfterLastByteMs = 15_000;

/**
 * One measured run on the page: the contender registers its streams, reports committed text
 * lengths from layout effects, and the session decides when the final text was painted.
 */
export interface RunSession {
  parameters: RunParameters;
  /** The page's one frame loop, shared with the input-delay probe. */
  frames: FrameMonitor;
  /** The metered fetch every contender uses. */
  fetch: typeof globalThis.fetch;
  streamUrl(index: number): string;
  /**
   * The request body every contender posts: the markdown answer as the producer's corpus, or
   * null when the producer streams its own prose (then contenders send a plain GET).
   */
  streamBody: string | null;
  /** `RequestInit` for contenders that fetch themselves: a JSON POST with `streamBody`, or a GET. */
  streamInit(): RequestInit;
  /** Committed length and frames so far (the runner pairs them with CDP's main-thread counters). */
  progress(): RunProgress;
  register(index: number, controls: StreamControls): void;
  isReady(): boolean;
  start(): void;
  /** Profiler `onRender`: one call per React commit. */
  onCommit(): void;
  /** The length of stream `index`'s text in the DOM right now (call from a layout effect). */
  reportLength(index: number, length: number): void;
  /** For the floor, which renders nothing: the text is complete, count it as painted at once. */
  reportUnrenderedLength(index: number, length: number): void;
  fail(message: string): void;
  result(): PageResult | null;
}

export function createRunSession(parameters: RunParameters, expectedLengths: readonly number[], corpus: string | null): RunSession {
  const meter = createByteMeter();
  const frames = createFrameMonitor({ busyMs: parameters.busyMs });
  const longTasks = createLongTaskMonitor();
  const longFrames = createLongFrameMonitor();
  const controls = new Map<number, StreamControls>();
  const lengths = new Array<number>(parameters.streams).fill(0);
  const expectedLength = expectedLengths.reduce((sum, length) => sum + length, 0);

  let startedAt: number | null = null;
  let commits = 0;
  let commitsWithoutNewText = 0;
  // Set by reportLength, which layout effects call before the Profiler's onRender of the same commit.
  let textChangedInCommit = false;
  let finalCommitAt: number | null = null;
  let paintedAt: number | null = null;
  let stop: StopSummary | null = null;
  let error: string | null = null;
  let result: PageResult | null = null;
  let bodiesEndedAt: number | null = null;
  const streamBody = corpus === null ? null : JSON.stringify({ corpus });
  // The whole answer once: the producer replays its corpus from the top when asked for more tokens.
  const tokens = corpus === null ? parameters.tokens : splitIntoTokens(corpus).length;
  // One object for the whole run, so a hook given it on every render sees the same options.
  const streamInit: RequestInit = streamBody === null ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: streamBody };

  const totalLength = () => lengths.reduce((sum, length) => sum + length, 0);
  const isComplete = () => lengths.every((length, index) => length === expectedLengths[index]);

  function finish(): void {
    if (result !== null || startedAt === null) return;
    const endedAt = performance.now();
    frames.end();
    const lastByteAt = meter.lastByteAt();
    result = {
      contender: parameters.contender,
      startedAt,
      firstByteAt: meter.firstByteAt(),
      lastByteAt,
      bytesRead: meter.bytes(),
      finalCommitAt,
      paintedAt,
      framesFromLastByteToPainted: paintedAt !== null && lastByteAt !== null ? frames.framesBetween(lastByteAt, paintedAt) : null,
      endedAt,
      commits,
      commitsWithoutNewText,
      ...frames.summary(),
      longTasks: longTasks.summarize(startedAt, endedAt),
      longestFrame: longFrames.longest(startedAt, endedAt),
      finalLength: totalLength(),
      expectedLength,
      stop,
      error,
    };
  }

  function checkComplete(painted: (markPainted: (at: number) => void) => void): void {
    if (startedAt === null || finalCommitAt !== null || stop !== null || !isComplete()) return;
    finalCommitAt = performance.now();
    painted((at) => {
      paintedAt = at;
      finish();
    });
  }

  function clickStop(): void {
    if (result !== null) return;
    // The click's epoch time first: the producer's disconnectedAt is compared with it.
    const clickEpochMs = Date.now();
    const clickedAt = performance.now();
    const lengthAtClick = totalLength();
    stop = { clickEpochMs, clickedAt, lengthAtClick, maxLengthAfter: lengthAtClick };
    for (const control of controls.values()) control.stop();
    const observeUntil = performance.now() + observeAfterStopMs;
    frames.everyFrame((now) => {
      if (stop !== null) stop.maxLengthAfter = Math.max(stop.maxLengthAfter, totalLength());
      if (now < observeUntil) return true;
      finish();
      return false;
    });
  }

  function watchForMissingText(): void {
    frames.everyFrame((now) => {
      if (result !== null || stop !== null) return false;
      if (meter.openBodies() > 0 || meter.endedBodies() < parameters.streams) return true;
      bodiesEndedAt ??= now;
      if (now - bodiesEndedAt < settleAfterLastByteMs) return true;
      error = `every body ended but the final text never reached the screen (${totalLength()} of ${expectedLength} characters)`;
      finish();
      return false;
    });
  }

  return {
    parameters,
    frames,
    fetch: meter.fetch,
    streamUrl(index) {
      const search = new URLSearchParams({
        format: parameters.format,
        tokens: String(tokens),
        rate: String(parameters.rate),
        burst: String(parameters.burst),
        seed: String(index + 1),
        id: streamId(parameters.runId, index),
      });
      return `${parameters.producer}/stream?${search}`;
    },
    streamBody,
    streamInit: () => streamInit,
    progress: () => ({ length: totalLength(), frames: startedAt === null ? 0 : frames.framesBetween(startedAt, performance.now()) }),
    register(index, streamControls) {
      controls.set(index, streamControls);
    },
    isReady: () => controls.size === parameters.streams,
    start() {
      if (startedAt !== null) return;
      startedAt = performance.now();
      frames.begin();
      for (const control of controls.values()) control.start();
      if (parameters.stopAfterMs > 0) setTimeout(clickStop, parameters.stopAfterMs);
      else watchForMissingText();
      // Diagnosis aid: open the page with #timeline to log what each frame had on screen.
      if (location.hash === '#timeline') {
        frames.everyFrame((now) => {
          console.log(`frame ${now.toFixed(0)} committed ${totalLength()} commits ${commits} read ${meter.bytes()}`);
          return result === null;
        });
      }
    },
    onCommit() {
      if (startedAt !== null && result === null) {
        commits += 1;
        if (!textChangedInCommit) commitsWithoutNewText += 1;
        frames.countCommit();
      }
      textChangedInCommit = false;
    },
    reportLength(index, length) {
      if (lengths[index] !== length) textChangedInCommit = true;
      lengths[index] = length;
      checkComplete((markPainted) => frames.whenPainted(markPainted));
    },
    reportUnrenderedLength(index, length) {
      lengths[index] = length;
      checkComplete((markPainted) => markPainted(performance.now()));
    },
    fail(message) {
      if (result !== null || stop !== null) return;
      error ??= message;
      finish();
    },
    result: () => result,
  };
}
