import type { ReactNode } from 'react';

export interface ListMessage {
  id: string;
  role: string;
  text: string;
}

/**
 * The whole conversation in the DOM, no virtualization: what the peers' examples render
 * (`messages.map(...)`), in the same markup for every peer.
 */
export function HistoryList({ messages }: { messages: readonly ListMessage[] }): ReactNode {
  return (
    <div className="bench-history" role="log">
      {messages.map((message) => (
        <div key={message.id} className="bench-message" data-role={message.role}>
          {message.text}
        </div>
      ))}
    </div>
  );
}
