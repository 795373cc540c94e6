import { useCompletion } from '@ai-sdk/react';
import type { ReactNode } from 'react';
import { useReportError, useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { HistoryList } from './history-list';
import { StreamOutput } from './stream-output';

export interface AiCompletionProps extends ContenderProps {
  /** `throttle` of `useCompletion` (ms); undefined is the default (no throttling). */
  throttle?: number;
}

/**
 * `@ai-sdk/react`'s `useCompletion` over the text stream protocol. With history, the list is
 * rendered by the same component, as the AI SDK examples do.
 */
export function AiCompletion({ session, history, throttle }: AiCompletionProps): ReactNode {
  const { completion, complete, stop, error } = useCompletion({
    api: session.streamUrl(0),
    streamProtocol: 'text',
    fetch: session.fetch,
    throttle,
  });
  useReportLength(session, 0, completion.length);
  useSessionStream(session, 0, { start: () => void complete('benchmark'), stop });
  useReportError(session, error);
  if (history.length === 0) return <StreamOutput text={completion} blockCostMs={session.parameters.blockCostMs} />;
  return <HistoryList messages={[...history, { id: 'answer', role: 'assistant', text: completion }]} />;
}
