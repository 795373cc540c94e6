import type { StreamSnapshot, TokenStream } from '@sluice/core';
import { useEffect, useRef, useState } from 'react';
import type { CommitCounter } from './commit-counter';
import { Sparkline } from './sparkline';
import { useProducerStats } from './use-producer-stats';

export interface MetricsPanelProps {
  /** The answer being (or last) streamed. */
  answer: { requestId: string; stream: TokenStream } | null;
  commitCounter: CommitCounter;
}

const sampleIntervalMs = 250;
/** About ten seconds of samples. */
const capacity = 40;

interface Sample {
  tokensPerSecond: number;
  commitsPerSecond: number;
  maxBufferedBytes: number;
  droppedStatusPerSecond: number;
  blockedOnDrainMsPerSecond: number;
}

interface Series {
  samples: Sample[];
  snapshot: StreamSnapshot | null;
}

function isRunning(snapshot: StreamSnapshot | null): boolean {
  return snapshot !== null && (snapshot.phase === 'connecting' || snapshot.phase === 'streaming' || snapshot.phase === 'reconnecting');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

interface MetricProps {
  title: string;
  /** `data-metric`, which the end-to-end tests read. */
  name: string;
  /** The exact figure as `data-value`, where `shown` rounds or formats it. */
  value?: number;
  shown: string | number;
  history: number[];
  historyLabel: string;
}

/** One figure with its sparkline over the last ten seconds. */
function Metric({ title, name, value, shown, history, historyLabel }: MetricProps) {
  return (
    <div className="metric">
      <dt>{title}</dt>
      <dd>
        <span className="metric-value" data-metric={name} data-value={value}>
          {shown}
        </span>
        <Sparkline values={history} capacity={capacity} label={historyLabel} />
      </dd>
    </div>
  );
}

/**
 * Live figures of the current answer, sampled four times a second from the store's snapshot,
 * the commit counter and the producer's stats: never subscribed per flush, so watching does
 * not add renders to what is being measured.
 */
export function MetricsPanel({ answer, commitCounter }: MetricsPanelProps) {
  const [series, setSeries] = useState<Series>({ samples: [], snapshot: null });
  const running = isRunning(series.snapshot);
  const producer = useProducerStats(answer?.requestId ?? null, running || (answer !== null && series.snapshot === null));
  const producerRef = useRef(producer);
  useEffect(() => {
    producerRef.current = producer;
  });

  useEffect(() => {
    let previous = {
      at: performance.now(),
      tokens: answer?.stream.getSnapshot().metrics.tokens ?? 0,
      commits: commitCounter.count(),
      droppedStatus: answer?.stream.getSnapshot().metrics.droppedStatus ?? 0,
      blockedOnDrainMs: 0,
    };
    const timer = setInterval(() => {
      const snapshot = answer?.stream.getSnapshot() ?? null;
      const now = performance.now();
      const seconds = Math.max(0.001, (now - previous.at) / 1000);
      const current = {
        at: now,
        tokens: snapshot?.metrics.tokens ?? 0,
        commits: commitCounter.count(),
        droppedStatus: snapshot?.metrics.droppedStatus ?? 0,
        blockedOnDrainMs: producerRef.current?.blockedOnDrainMs ?? previous.blockedOnDrainMs,
      };
      const sample: Sample = {
        tokensPerSecond: Math.max(0, current.tokens - previous.tokens) / seconds,
        commitsPerSecond: (current.commits - previous.commits) / seconds,
        maxBufferedBytes: snapshot?.metrics.maxBufferedBytes ?? 0,
        droppedStatusPerSecond: Math.max(0, current.droppedStatus - previous.droppedStatus) / seconds,
        blockedOnDrainMsPerSecond: Math.max(0, current.blockedOnDrainMs - previous.blockedOnDrainMs) / seconds,
      };
      previous = current;
      setSeries((old) => ({ samples: [...old.samples.slice(-(capacity - 1)), sample], snapshot }));
    }, sampleIntervalMs);
    return () => clearInterval(timer);
  }, [answer, commitCounter]);

  const latest = series.samples.at(-1);
  const metrics = series.snapshot?.metrics;
  const column = (name: keyof Sample) => series.samples.map((sample) => sample[name]);

  return (
    <section className="metrics" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Live metrics</h2>
      <dl className="metrics-grid">
        <Metric
          title="Tokens/s received"
          name="tokens-per-second"
          shown={Math.round(latest?.tokensPerSecond ?? 0)}
          history={column('tokensPerSecond')}
          historyLabel="Tokens received per second, last 10 seconds"
        />
        <Metric
          title="React commits/s"
          name="commits-per-second"
          shown={Math.round(latest?.commitsPerSecond ?? 0)}
          history={column('commitsPerSecond')}
          historyLabel="React commits per second, last 10 seconds"
        />
        <Metric
          title="Peak buffered bytes"
          name="max-buffered-bytes"
          value={metrics?.maxBufferedBytes ?? 0}
          shown={`${formatBytes(metrics?.maxBufferedBytes ?? 0)} (${metrics?.readPauses ?? 0} read pauses)`}
          history={column('maxBufferedBytes')}
          historyLabel="Peak bytes waiting to be painted, last 10 seconds"
        />
        <Metric
          title="Status updates dropped"
          name="dropped-status"
          shown={metrics?.droppedStatus ?? 0}
          history={column('droppedStatusPerSecond')}
          historyLabel="Status updates collapsed per second, last 10 seconds"
        />
        <Metric
          title="Producer blocked on drain"
          name="blocked-on-drain-ms"
          value={producer?.blockedOnDrainMs ?? 0}
          shown={`${Math.round(producer?.blockedOnDrainMs ?? 0)} ms (${producer?.drainWaits ?? 0} waits)`}
          history={column('blockedOnDrainMsPerSecond')}
          historyLabel="Milliseconds the producer waited per second, last 10 seconds"
        />
        <div className="metric">
          <dt>This answer</dt>
          <dd data-metric="answer-summary">
            <span data-metric="phase">{series.snapshot?.phase ?? 'idle'}</span> · received <span data-metric="tokens">{metrics?.tokens ?? 0}</span> tokens
            (<span data-metric="characters">{series.snapshot?.text.length ?? 0}</span> characters) · producer had written{' '}
            <span data-metric="producer-tokens">{producer?.tokensWritten ?? 0}</span> at its last poll · flushes every <span data-metric="flush-interval-ms">{Math.round(metrics?.flushIntervalMs ?? 0)}</span> ms
          </dd>
        </div>
      </dl>
    </section>
  );
}
