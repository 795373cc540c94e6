import { markdownBlock } from '@sluice/markdown';
import { Transcript, useTranscript } from '@sluice/react';
import type { TranscriptMessage } from '@sluice/react';
import '@sluice/react/styles.css';
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { RunSession } from '../run-session';
import { useReportError, useSessionStream } from '../use-session-stream';
import { costlyRenderBlock } from './costly-blocks';
import type { ContenderProps } from './contender-props';
import { streamIndexes } from './contender-props';
import { StreamLayout } from './stream-output';

let liveIdCounter = 0;
const createLiveId = () => {
  liveIdCounter += 1;
  return `live-${liveIdCounter}`;
};
const isAnswer = (message: TranscriptMessage) => message.role === 'assistant' && message.id.startsWith('live-');

/** Reports the streaming row's committed length; rendered inside that row by `renderMessage`. */
function AnswerLength({ session, index, length }: { session: RunSession; index: number; length: number }): ReactNode {
  useLayoutEffect(() => {
    session.reportLength(index, length);
  }, [session, index, length]);
  return null;
}

interface TranscriptStreamProps extends ContenderProps {
  index: number;
}

/** One `useTranscript` + virtualized `<Transcript>`, with the history as initial messages. */
function TranscriptStream({ session, history, index }: TranscriptStreamProps): ReactNode {
  const [initialMessages] = useState<TranscriptMessage[]>(() => history.map((message) => ({ ...message })));
  const { messages, live, send, stop } = useTranscript({
    url: session.streamUrl(index),
    fetch: session.fetch,
    initialMessages,
    createId: createLiveId,
    // The producer reads its options from the query (the markdown answer, its corpus, from the
    // body); a 5,000-message body would only cost time.
    body: () => session.streamBody ?? '{}',
  });
  const answer = messages.findLast(isAnswer);
  useSessionStream(session, index, { start: () => void send('benchmark'), stop });
  useReportError(session, answer?.error ?? null);
  const renderMessage = useCallback(
    (message: TranscriptMessage, defaultRender: () => ReactNode) => (
      <>
        {defaultRender()}
        {isAnswer(message) ? <AnswerLength session={session} index={index} length={message.text.length} /> : null}
      </>
    ),
    [session, index],
  );
  const { blockCostMs, markdownBytes, streams } = session.parameters;
  const renderBlock = useMemo(
    () => (blockCostMs > 0 ? costlyRenderBlock(blockCostMs) : markdownBytes > 0 ? markdownBlock : undefined),
    [blockCostMs, markdownBytes],
  );
  return <Transcript messages={messages} live={live} renderMessage={renderMessage} renderBlock={renderBlock} style={{ height: streams > 1 ? 240 : 480 }} />;
}

/** sluice's `useTranscript` + `<Transcript>`, one per stream (concurrent ones share a grid). */
export function SluiceTranscript({ session, history }: ContenderProps): ReactNode {
  return (
    <StreamLayout streams={session.parameters.streams}>
      {streamIndexes(session).map((index) => (
        <TranscriptStream key={index} session={session} history={history} index={index} />
      ))}
    </StreamLayout>
  );
}
