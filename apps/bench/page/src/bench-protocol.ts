/**
 * What the runner and the page exchange: the query string that configures one run and the
 * result the page leaves on `window.__bench`. Imported by both sides (types and pure parsing only).
 */

export const contenderNames = [
  'floor',
  'sluice',
  'sluice-transcript',
  'sluice-stream-text',
  'naive',
  'naive-history',
  'ai-completion',
  'ai-completion-throttle',
  'ai-completion-history',
  'ai-chat',
  'ai-chat-history',
  'streamdown',
  'react-markdown',
] as const;
export type ContenderName = (typeof contenderNames)[number];

/** One run's configuration, carried in the page's query string. */
export interface RunParameters {
  contender: ContenderName;
  /** Origin of the mock producer, e.g. `http://127.0.0.1:41234`. */
  producer: string;
  /** Producer wire format the contender reads. */
  format: 'text' | 'ai-sdk';
  tokens: number;
  /** Tokens per second; 0 is as fast as the producer can write. */
  rate: number;
  /** Tokens per producer write (1 = a write per token, as model servers do). */
  burst: number;
  /** Concurrent streams on the page (each its own request and seed). */
  streams: number;
  /** Messages of history rendered above the streaming answer. */
  history: number;
  /** Milliseconds of busy work in every animation frame (a slow consumer). */
  busyMs: number;
  /**
   * Milliseconds of script every rendered block costs (a stand-in for syntax highlighting);
   * 0 renders plain text. sluice pays it in `renderBlock`, peers in a memoized per-paragraph render.
   */
  blockCostMs: number;
  /**
   * Characters of the generated markdown answer (`page/src/markdown-answer.ts`) the producer
   * replays as its corpus; 0 streams the producer's own prose. With markdown, `tokens` is
   * replaced by the answer's token count and sluice renders blocks with `markdownBlock`.
   */
  markdownBytes: number;
  /** Click Stop this many ms after start; 0 lets the stream finish. */
  stopAfterMs: number;
  /** Prefix of the producer stream ids, so the runner can find this run's `/stats` records. */
  runId: string;
}

export function toQuery(parameters: RunParameters): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) search.set(name, String(value));
  return search.toString();
}

export function parseQuery(search: string): RunParameters {
  const query = new URLSearchParams(search);
  const contender = query.get('contender') as ContenderName | null;
  if (contender === null || !(contenderNames as readonly string[]).includes(contender)) {
    throw new Error(`unknown contender ${JSON.stringify(contender)}; one of ${contenderNames.join(', ')}`);
  }
  const format = query.get('format') === 'ai-sdk' ? 'ai-sdk' : 'text';
  const number = (name: string, fallback: number) => {
    const raw = query.get(name);
    const value = raw === null ? fallback : Number(raw);
    if (!Number.isFinite(value)) throw new Error(`query parameter ${name} must be a number, got ${raw}`);
    return value;
  };
  return {
    contender,
    producer: query.get('producer') ?? 'http://127.0.0.1:8787',
    format,
    tokens: number('tokens', 2000),
    rate: number('rate', 0),
    burst: number('burst', 1),
    streams: number('streams', 1),
    history: number('history', 0),
    busyMs: number('busyMs', 0),
    blockCostMs: number('blockCostMs', 0),
    markdownBytes: number('markdownBytes', 0),
    stopAfterMs: number('stopAfterMs', 0),
    runId: query.get('runId') ?? 'run',
  };
}

/** The id of stream `index` of a run, as the producer records it. */
export function streamId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

export interface LongTaskSummary {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** The longest animation frame of a run, from its `long-animation-frame` entry. */
export interface LongFrameTrace {
  /** When the frame started, from the run's start (ms). */
  atMs: number;
  durationMs: number;
  /** Time in scripts (callbacks, tasks and microtasks that ran in the frame). */
  scriptMs: number;
  /** The frame's own style and layout, after its scripts. */
  styleAndLayoutMs: number;
  /** Style and layout that scripts forced by reading layout. */
  forcedStyleAndLayoutMs: number;
  /** The longest scripts, by what invoked them (e.g. `FrameRequestCallback`, `MessagePort.onmessage`). */
  scripts: { invoker: string; durationMs: number }[];
}

export interface StopSummary {
  /** `Date.now()` at the click, comparable with the producer's `disconnectedAt`. */
  clickEpochMs: number;
  /** `performance.now()` at the click (the end of "while streaming" for input delay). */
  clickedAt: number;
  /** Characters on screen at the click. */
  lengthAtClick: number;
  /** The most characters seen on screen in the frames after the click. */
  maxLengthAfter: number;
}

/** What the page measured; times are `performance.now()` milliseconds of the page. */
export interface PageResult {
  contender: ContenderName;
  startedAt: number;
  /** First and last body chunk any stream's reader pulled. */
  firstByteAt: number | null;
  lastByteAt: number | null;
  bytesRead: number;
  /** The commit whose DOM first held every stream's final text. */
  finalCommitAt: number | null;
  /** When that commit reached the screen (see frame-monitor.ts). */
  paintedAt: number | null;
  /** Animation frames that began after the last byte was read, up to and including the painted one. */
  framesFromLastByteToPainted: number | null;
  /** When the measurement window closed (painted, or the end of the observation after Stop). */
  endedAt: number;
  commits: number;
  /** Commits in which no stream's text length changed (phase changes, list or layout bookkeeping). */
  commitsWithoutNewText: number;
  /** The most commits between two consecutive animation frames. */
  maxCommitsPerFrame: number;
  frames: number;
  framesOver50Ms: number;
  /** p95 and longest interval between consecutive animation frames during the run. */
  frameIntervalP95Ms: number | null;
  frameIntervalMaxMs: number | null;
  longTasks: LongTaskSummary;
  /** What the run's longest frame spent its time on (null when no frame took over 50 ms). */
  longestFrame: LongFrameTrace | null;
  /** Characters on screen at the end, summed over streams, and the expected total. */
  finalLength: number;
  expectedLength: number;
  stop: StopSummary | null;
  /** Set when the contender failed (an error event, text never completed). */
  error: string | null;
}

/**
 * One key press in the page's text field, in `performance.now()` ms: when it was pressed
 * (`event.timeStamp`, stamped at dispatch), when its keydown handler began, and the end of the
 * next frame after the handler (null until that frame has been rendered).
 */
export interface InputSample {
  pressedAt: number;
  handlerAt: number;
  paintedAt: number | null;
}

/** How far the run has got, read by the runner beside CDP's main-thread counters. */
export interface RunProgress {
  /** Characters of text committed to the DOM, summed over streams. */
  length: number;
  /** Animation frames since start. */
  frames: number;
}

/** The page's handle for the runner: `window.__bench`. */
export interface BenchHandle {
  ready: boolean;
  progress: RunProgress;
  start(): void;
  result: PageResult | null;
  /** Every key press the page handled so far (the runner keeps those inside the run). */
  inputSamples: readonly InputSample[];
  /** Handled presses whose next paint has not happened yet. */
  inputPaintsPending: number;
}

declare global {
  interface Window {
    __bench?: BenchHandle;
  }
}
