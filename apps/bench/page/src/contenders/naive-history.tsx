import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { HistoryList } from './history-list';
import type { ListMessage } from './history-list';
import { useNaiveStream } from './naive-fetch';

/** The naive reader loop appending to the last message of a list kept in state, as tutorials do. */
export function NaiveHistory({ session, history }: ContenderProps): ReactNode {
  const [messages, setMessages] = useState<ListMessage[]>(() => [...history, { id: 'answer', role: 'assistant', text: '' }]);
  const append = useCallback(
    (chunk: string) =>
      setMessages((previous) => {
        const next = previous.slice();
        const last = next[next.length - 1];
        if (last !== undefined) next[next.length - 1] = { ...last, text: last.text + chunk };
        return next;
      }),
    [],
  );
  const { start, stop } = useNaiveStream(session, 0, append);
  const answerLength = messages[messages.length - 1]?.text.length ?? 0;
  useReportLength(session, 0, answerLength);
  useSessionStream(session, 0, { start: () => void start(), stop });
  return <HistoryList messages={messages} />;
}
