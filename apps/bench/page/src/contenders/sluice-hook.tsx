import { aiSdk } from '@sluice/core';
import { useTokenStream } from '@sluice/react';
import type { ReactNode } from 'react';
import { useReportError, useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { streamIndexes } from './contender-props';
import { StreamLayout, StreamOutput } from './stream-output';

function SluiceStream({ session, index }: { session: ContenderProps['session']; index: number }): ReactNode {
  const { text, error, start, abort } = useTokenStream({
    url: session.streamUrl(index),
    fetch: session.fetch,
    // The text format is picked by Content-Type; the AI SDK stream needs its preset.
    protocol: session.parameters.format === 'ai-sdk' ? aiSdk() : undefined,
  });
  useReportLength(session, index, text.length);
  useSessionStream(session, index, { start: () => void start(), stop: () => abort() });
  useReportError(session, error);
  return <StreamOutput text={text} blockCostMs={session.parameters.blockCostMs} />;
}

/** sluice's `useTokenStream` into a plain element, one component per stream. */
export function SluiceHook({ session }: ContenderProps): ReactNode {
  return (
    <StreamLayout streams={session.parameters.streams}>
      {streamIndexes(session).map((index) => (
        <SluiceStream key={index} session={session} index={index} />
      ))}
    </StreamLayout>
  );
}
