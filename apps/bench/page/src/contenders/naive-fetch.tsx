import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { RunSession } from '../run-session';
import { useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { streamIndexes } from './contender-props';
import { StreamLayout, StreamOutput } from './stream-output';

/**
 * What tutorials write: fetch, a reader loop, and a state update for every chunk the reader
 * returns (one token per chunk at a steady rate). Returns start and stop.
 */
export function useNaiveStream(session: RunSession, index: number, onChunk: (chunk: string) => void) {
  const controllerRef = useRef<AbortController | null>(null);
  const start = useCallback(async () => {
    const controller = new AbortController();
    controllerRef.current = controller;
    try {
      const response = await session.fetch(session.streamUrl(index), { ...session.streamInit(), signal: controller.signal });
      if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onChunk(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (!controller.signal.aborted) session.fail(error instanceof Error ? error.message : String(error));
    }
  }, [session, index, onChunk]);
  const stop = useCallback(() => controllerRef.current?.abort(), []);
  return { start, stop };
}

function NaiveStream({ session, index }: { session: RunSession; index: number }): ReactNode {
  const [text, setText] = useState('');
  const append = useCallback((chunk: string) => setText((previous) => previous + chunk), []);
  const { start, stop } = useNaiveStream(session, index, append);
  useReportLength(session, index, text.length);
  useSessionStream(session, index, { start: () => void start(), stop });
  return <StreamOutput text={text} blockCostMs={session.parameters.blockCostMs} />;
}

/** The naive reader loop into a plain element, one component per stream. */
export function NaiveFetch({ session }: ContenderProps): ReactNode {
  return (
    <StreamLayout streams={session.parameters.streams}>
      {streamIndexes(session).map((index) => (
        <NaiveStream key={index} session={session} index={index} />
      ))}
    </StreamLayout>
  );
}
