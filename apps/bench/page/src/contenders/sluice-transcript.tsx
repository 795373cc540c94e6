import { Transcript, useTranscript } from '@sluice/react';
import type { TranscriptMessage } from '@sluice/react';
import '@sluice/react/styles.css';
import { useCallback, useLayoutEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { RunSession } from '../run-session';
import { useReportError, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';

let liveIdCounter = 0;
const createLiveId = () => {
  liveIdCounter += 1;
  return `live-${liveIdCounter}`;
};
const isAnswer = (message: TranscriptMessage) => message.role === 'assistant' && message.id.startsWith('live-');

/** Reports the streaming row's committed length; rendered inside that row by `renderMessage`. */
function AnswerLength({ session, length }: { session: RunSession; length: number }): ReactNode {
  useLayoutEffect(() => {
    session.reportLength(0, length);
  }, [session, length]);
  return null;
}

/** sluice's `useTranscript` + virtualized `<Transcript>` with the history as initial messages. */
export function SluiceTranscript({ session, history }: ContenderProps): ReactNode {
  const [initialMessages] = useState<TranscriptMessage[]>(() => history.map((message) => ({ ...message })));
  const { messages, live, send, stop } = useTranscript({
    url: session.streamUrl(0),
    fetch: session.fetch,
    initialMessages,
    createId: createLiveId,
    // The producer reads its options from the query; a 5,000-message body would only cost time.
    body: () => '{}',
  });
  const answer = messages.findLast(isAnswer);
  useSessionStream(session, 0, { start: () => void send('benchmark'), stop });
  useReportError(session, answer?.error ?? null);
  const renderMessage = useCallback(
    (message: TranscriptMessage, defaultRender: () => ReactNode) => (
      <>
        {defaultRender()}
        {isAnswer(message) ? <AnswerLength session={session} length={message.text.length} /> : null}
      </>
    ),
    [session],
  );
  return <Transcript messages={messages} live={live} renderMessage={renderMessage} style={{ height: 480 }} />;
}
