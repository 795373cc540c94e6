import { aiSdk } from '@sluice/core';
import { markdownBlock } from '@sluice/markdown';
import { StreamText, useTokenStream } from '@sluice/react';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useReportError, useReportLength, useSessionStream } from '../use-session-stream';
import { costlyRenderBlock } from './costly-blocks';
import type { ContenderProps } from './contender-props';
import { streamIndexes } from './contender-props';
import { StreamLayout } from './stream-output';

function SluiceStreamTextStream({ session, index }: { session: ContenderProps['session']; index: number }): ReactNode {
  const { text, error, start, abort, stream } = useTokenStream({
    url: session.streamUrl(index),
    fetch: session.fetch,
    init: session.streamInit(),
    protocol: session.parameters.format === 'ai-sdk' ? aiSdk() : undefined,
  });
  // The hook's snapshot and <StreamText> read the same store and commit together, so the length
  // reported from this layout effect is what the commit put in the DOM.
  useReportLength(session, index, text.length);
  useSessionStream(session, index, { start: () => void start(), stop: () => abort() });
  useReportError(session, error);
  const { blockCostMs, markdownBytes } = session.parameters;
  const renderBlock = useMemo(
    () => (blockCostMs > 0 ? costlyRenderBlock(blockCostMs) : markdownBytes > 0 ? markdownBlock : undefined),
    [blockCostMs, markdownBytes],
  );
  // Markdown blocks bring their own elements; pre-wrap would lay them out unlike the peers.
  return <StreamText stream={stream} renderBlock={renderBlock} className={markdownBytes > 0 ? 'bench-markdown' : 'bench-output'} />;
}

/** sluice's `useTokenStream` + `<StreamText>`, one per stream (concurrent ones share a grid). */
export function SluiceStreamText({ session }: ContenderProps): ReactNode {
  return (
    <StreamLayout streams={session.parameters.streams}>
      {streamIndexes(session).map((index) => (
        <SluiceStreamTextStream key={index} session={session} index={index} />
      ))}
    </StreamLayout>
  );
}
