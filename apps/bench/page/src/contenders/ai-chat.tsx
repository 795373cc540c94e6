import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import type { UIMessage } from 'ai';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useReportError, useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { HistoryList } from './history-list';
import { StreamOutput } from './stream-output';

function messageText(message: UIMessage): string {
  let text = '';
  for (const part of message.parts) if (part.type === 'text') text += part.text;
  return text;
}

/**
 * `@ai-sdk/react`'s `useChat` reading the UI message stream (producer format `ai-sdk`) through
 * `DefaultChatTransport`. The request body is kept small: the producer only needs the query.
 */
export function AiChat({ session, history }: ContenderProps): ReactNode {
  const [transport] = useState(
    () =>
      new DefaultChatTransport<UIMessage>({
        api: session.streamUrl(0),
        fetch: session.fetch,
        prepareSendMessagesRequest: () => ({ body: {} }),
      }),
  );
  const [initialMessages] = useState<UIMessage[]>(() =>
    history.map((message) => ({ id: message.id, role: message.role, parts: [{ type: 'text', text: message.text }] })),
  );
  const { messages, sendMessage, stop, error } = useChat({ transport, messages: initialMessages });
  const last = messages[messages.length - 1];
  const answer = last !== undefined && last.role === 'assistant' && !last.id.startsWith('history-') ? messageText(last) : '';
  useReportLength(session, 0, answer.length);
  useSessionStream(session, 0, { start: () => void sendMessage({ text: 'benchmark' }), stop: () => void stop() });
  useReportError(session, error);
  if (history.length === 0) return <StreamOutput text={answer} blockCostMs={session.parameters.blockCostMs} />;
  return <HistoryList messages={messages.map((message) => ({ id: message.id, role: message.role, text: messageText(message) }))} />;
}
