import { createTokenStream, getSharedFrameClock } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import { Profiler, useEffect } from 'react';
import type { ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { StreamText } from '../../src/stream-text.js';
import { Transcript } from '../../src/transcript.js';
import type { TranscriptMessage } from '../../src/transcript-message.js';
import { useTokenStream } from '../../src/use-token-stream.js';
import { createCommitRecorder } from './commit-recorder.js';
import type { CommitStats } from './commit-recorder.js';
import { createPacedFetch } from './paced-body.js';

export type ScenarioResult = Record<string, number>;

function stage(): HTMLElement {
  const element = document.getElementById('stage');
  if (!element) throw new Error('no #stage element');
  return element;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Resolves in a task of its own, as a click handler runs (not inside a frame callback). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function history(count: number): TranscriptMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `history-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: `Message ${index}. ${'Some earlier words of the conversation. '.repeat(1 + (index % 5))}`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
}

function liveMessage(): TranscriptMessage {
  return { id: 'live', role: 'assistant', text: '', phase: 'connecting', status: null, error: null };
}

/** Mounts `node` in a fresh root; returns the unmount function. */
function mount(node: ReactNode): () => void {
  const container = document.createElement('div');
  container.style.cssText = 'flex:1;min-height:0;display:flex;flex-direction:column';
  stage().append(container);
  const root = createRoot(container);
  flushSync(() => root.render(node));
  return () => {
    root.unmount();
    container.remove();
  };
}

interface LongWork {
  /** Longest single task over 50 ms (0 when none). */
  longestTaskMs: number;
  /** Longest animation frame over 50 ms (all tasks between two frames; 0 when none). */
  longestFrameMs: number;
  longFrames: number;
}

/** The browser's own long-task and long-animation-frame entries while `run` runs. */
async function withLongWork<T>(run: () => Promise<T>): Promise<{ result: T } & LongWork> {
  const work: LongWork = { longestTaskMs: 0, longestFrameMs: 0, longFrames: 0 };
  const record = (entries: PerformanceEntryList) => {
    for (const entry of entries) {
      if (entry.entryType === 'longtask') work.longestTaskMs = Math.max(work.longestTaskMs, entry.duration);
      else {
        work.longestFrameMs = Math.max(work.longestFrameMs, entry.duration);
        work.longFrames += 1;
      }
    }
  };
  const observers = ['longtask', 'long-animation-frame']
    .filter((type) => PerformanceObserver.supportedEntryTypes.includes(type))
    .map((type) => {
      const observer = new PerformanceObserver((list) => record(list.getEntries()));
      observer.observe({ type, buffered: false });
      return observer;
    });
  const result = await run();
  await nextFrame();
  for (const observer of observers) {
    record(observer.takeRecords());
    observer.disconnect();
  }
  return { result, ...work };
}

function commitFields(stats: CommitStats): ScenarioResult {
  return {
    commitsPerSecond: stats.commitsPerSecond,
    framesPerSecond: stats.frames / stats.seconds,
    commitsPerFrame: stats.commitsPerFrame,
    maxCommitsInFrame: stats.maxCommitsInFrame,
    frames: stats.frames,
  };
}

interface ClockFigures {
  /** The longest flush interval the shared frame clock stretched to while the stream ran. */
  maxFlushIntervalMs: number;
}

/** Samples the shared clock's flush interval once per frame until `stop()`. */
function watchClock(): { stop(): ClockFigures } {
  const clock = getSharedFrameClock();
  let maxFlushIntervalMs = clock.flushIntervalMs;
  let running = true;
  const sample = () => {
    if (!running) return;
    maxFlushIntervalMs = Math.max(maxFlushIntervalMs, clock.flushIntervalMs);
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  return {
    stop() {
      running = false;
      return { maxFlushIntervalMs };
    },
  };
}

/** Mounts `node`, runs `stream` into it, and records commits, long work and the clock. */
async function streamInto(stream: TokenStream, node: ReactNode): Promise<CommitStats & LongWork & ClockFigures> {
  const recorder = createCommitRecorder();
  const unmount = mount(
    <Profiler id="stream" onRender={recorder.onRender}>
      {node}
    </Profiler>,
  );
  await nextFrame();
  // `start()` publishes `connecting` at once (a user action); started inside a frame callback it
  // would share that frame with the clock's flush, which a click never does.
  await nextTask();
  recorder.start();
  const clock = watchClock();
  const { longestTaskMs, longestFrameMs, longFrames } = await withLongWork(() => stream.start());
  await nextFrame();
  const stats = recorder.stop();
  const { maxFlushIntervalMs } = clock.stop();
  unmount();
  return { ...stats, longestTaskMs, longestFrameMs, longFrames, maxFlushIntervalMs };
}

function streamIntoTranscript(stream: TokenStream, historySize: number): Promise<CommitStats & LongWork & ClockFigures> {
  return streamInto(stream, <Transcript messages={[...history(historySize), liveMessage()]} live={{ messageId: 'live', stream }} />);
}

/** Streaming at a steady token rate into the last row of a transcript. */
export async function streamAtRate(options: { rate: number; seconds: number }): Promise<ScenarioResult> {
  const stream = createTokenStream({ url: '/bench', fetch: createPacedFetch({ rate: options.rate, totalTokens: Math.round(options.rate * options.seconds) }) });
  const stats = await streamIntoTranscript(stream, 50);
  return commitFields(stats);
}

/** A stream over a burst: every token is available at once; the reader pulls as fast as backpressure allows. */
function burstStream(options: { tokens: number; highWaterMark?: number }): TokenStream {
  return createTokenStream({
    url: '/bench',
    fetch: createPacedFetch({ rate: 'burst', totalTokens: options.tokens }),
    highWaterMark: options.highWaterMark,
  });
}

/** What a burst scenario reports: commits, duration, the longest main-thread work, the clock's stretch and the text shown. */
function burstFields(stats: CommitStats & LongWork & ClockFigures, stream: TokenStream): ScenarioResult {
  return {
    ...commitFields(stats),
    seconds: stats.seconds,
    longestTaskMs: stats.longestTaskMs,
    longestFrameMs: stats.longestFrameMs,
    longFrames: stats.longFrames,
    maxFlushIntervalMs: stats.maxFlushIntervalMs,
    textLength: stream.getSnapshot().text.length,
  };
}

/** A burst into the last row of a transcript. */
export async function burst(options: { tokens: number; historySize: number; highWaterMark?: number }): Promise<ScenarioResult> {
  const stream = burstStream(options);
  const stats = await streamIntoTranscript(stream, options.historySize);
  return burstFields(stats, stream);
}

/** A burst into one `<StreamText>` in a scrolling box: the README's first example. */
export async function streamTextBurst(options: { tokens: number; highWaterMark?: number }): Promise<ScenarioResult> {
  const stream = burstStream(options);
  const stats = await streamInto(
    stream,
    <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <StreamText stream={stream} />
    </div>,
  );
  return burstFields(stats, stream);
}

function prefillText(bytes: number): string {
  const paragraph = `${'Prefilled words that make a long answer. '.repeat(10)}\n\n`;
  return paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes);
}

/**
 * Per-frame cost of a streaming row that already holds `bytes` of text: React's render time
 * per commit, and the time from the flush to the row's resize (render + commit + layout).
 */
export async function perFrameCost(options: { bytes: number; seconds: number; rate: number }): Promise<ScenarioResult> {
  const prefill = prefillText(options.bytes);
  const stream = createTokenStream({
    url: '/bench',
    fetch: createPacedFetch({ prefill, rate: options.rate, totalTokens: Math.round(options.rate * options.seconds) }),
  });
  const recorder = createCommitRecorder();
  const flushToLayout: number[] = [];
  const flushToCommit: number[] = [];
  let flushStartedAt: number | null = null;
  const onRender: typeof recorder.onRender = (id, phase, actualDuration) => {
    recorder.onRender(id, phase, actualDuration);
    if (flushStartedAt !== null) flushToCommit.push(performance.now() - flushStartedAt);
  };
  const unmount = mount(
    <Profiler id="transcript" onRender={onRender}>
      <Transcript messages={[...history(20), liveMessage()]} live={{ messageId: 'live', stream }} />
    </Profiler>,
  );
  await nextFrame();

  let measuring = false;
  const unsubscribe = stream.subscribe(() => {
    if (!measuring && stream.getSnapshot().text.length >= prefill.length) {
      measuring = true;
      recorder.start();
      return;
    }
    if (measuring) flushStartedAt = performance.now();
  });
  const resizeObserver = new ResizeObserver(() => {
    if (flushStartedAt === null) return;
    flushToLayout.push(performance.now() - flushStartedAt);
    flushStartedAt = null;
  });
  const observeRow = () => {
    const row = document.querySelector('[data-message-id="live"]');
    if (row) resizeObserver.observe(row);
  };
  observeRow();
  await stream.start();
  await nextFrame();
  const stats = recorder.stop();
  unsubscribe();
  resizeObserver.disconnect();
  unmount();
  flushToLayout.sort((a, b) => a - b);
  flushToCommit.sort((a, b) => a - b);
  return {
    medianCommitMs: stats.medianCommitMs,
    medianFlushToCommitMs: flushToCommit[Math.floor(flushToCommit.length / 2)] ?? 0,
    medianFlushToLayoutMs: flushToLayout[Math.floor(flushToLayout.length / 2)] ?? 0,
    commitsPerFrame: stats.commitsPerFrame,
    samples: flushToLayout.length,
  };
}

/** Mount time and DOM rows of a long transcript. */
export async function mountLarge(options: { messages: number }): Promise<ScenarioResult> {
  const messages = history(options.messages);
  await nextFrame();
  const startedAt = performance.now();
  const unmount = mount(<Transcript messages={messages} />);
  // Include style and layout of what was mounted, not only React's work.
  void document.querySelector('[role="log"]')?.scrollHeight;
  const mountMs = performance.now() - startedAt;
  await nextFrame();
  await nextFrame();
  const rows = document.querySelectorAll('[data-message-id]').length;
  unmount();
  return { mountMs, rows };
}

function StreamCell({ rate, tokens }: { rate: number; tokens: number }) {
  const { text, phase, start } = useTokenStream({ url: '/bench', fetch: createPacedFetch({ rate, totalTokens: tokens }) });
  useEffect(() => {
    void start();
  }, [start]);
  return (
    <div data-phase={phase} style={{ height: 40, overflow: 'hidden', whiteSpace: 'pre-wrap' }}>
      {text.slice(-200)}
    </div>
  );
}

/** Commits per frame with N `useTokenStream` hooks streaming at once (one shared frame clock). */
export async function concurrentHooks(options: { streams: number; rate: number; seconds: number }): Promise<ScenarioResult> {
  const recorder = createCommitRecorder();
  const tokens = Math.round(options.rate * options.seconds);
  const unmount = mount(
    <Profiler id="cells" onRender={recorder.onRender}>
      {Array.from({ length: options.streams }, (_, index) => (
        <StreamCell key={index} rate={options.rate} tokens={tokens} />
      ))}
    </Profiler>,
  );
  recorder.start();
  // Done when every cell says so.
  while (document.querySelectorAll('[data-phase="done"]').length < options.streams) await nextFrame();
  const stats = recorder.stop();
  unmount();
  return commitFields(stats);
}

/**
 * `pace` at a token rate or in a burst into one `<StreamText>`: the lag from a token's arrival
 * (when the parser handed it over, `onToken`) to the flush that published it, and commits per frame.
 */
export async function pacedStream(options: { rate: number | 'burst'; tokens: number; maxLagMs: number }): Promise<ScenarioResult> {
  /** Received text length after each token, and when it arrived. */
  const arrivedEnds: number[] = [];
  const arrivedAt: number[] = [];
  let received = 0;
  const stream = createTokenStream({
    url: '/bench',
    fetch: createPacedFetch({ rate: options.rate, totalTokens: options.tokens }),
    pace: { maxLagMs: options.maxLagMs },
    onToken: (token) => {
      received += token.length;
      arrivedEnds.push(received);
      arrivedAt.push(performance.now());
    },
  });
  let measured = 0;
  let maxLagMs = 0;
  let lagSum = 0;
  /** Publishes per frame, to tell the engine's flushes apart from React's own extra commits. */
  const publishesPerFrame = new Map<number | null, number>();
  let lastPublishAt: number | null = null;
  let maxPublishGapMs = 0;
  const unsubscribe = stream.subscribe(() => {
    const publishedAt = performance.now();
    if (lastPublishAt !== null && stream.getSnapshot().phase === 'streaming') maxPublishGapMs = Math.max(maxPublishGapMs, publishedAt - lastPublishAt);
    lastPublishAt = publishedAt;
    const frameTime = document.timeline.currentTime as number | null;
    publishesPerFrame.set(frameTime, (publishesPerFrame.get(frameTime) ?? 0) + 1);
    const shown = stream.getSnapshot().text.length;
    const time = performance.now();
    while (measured < arrivedEnds.length && (arrivedEnds[measured] as number) <= shown) {
      const lag = time - (arrivedAt[measured] as number);
      maxLagMs = Math.max(maxLagMs, lag);
      lagSum += lag;
      measured += 1;
    }
  });
  const stats = await streamInto(
    stream,
    <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <StreamText stream={stream} />
    </div>,
  );
  unsubscribe();
  return {
    ...commitFields(stats),
    seconds: stats.seconds,
    maxLagMs,
    meanLagMs: measured > 0 ? lagSum / measured : 0,
    maxPublishesInFrame: Math.max(0, ...publishesPerFrame.values()),
    /** The longest gap between two flushes while streaming: a lag over maxLagMs needs one this long. */
    maxPublishGapMs,
    longestFrameMs: stats.longestFrameMs,
    textLength: stream.getSnapshot().text.length,
  };
}
