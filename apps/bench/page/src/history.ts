import { createTokenSource } from '@sluice/mock-producer/browser';

export interface HistoryMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
}

/** A deterministic conversation of `count` messages, short questions and longer answers. */
export function createHistory(count: number): HistoryMessage[] {
  const messages: HistoryMessage[] = [];
  for (let index = 0; index < count; index += 1) {
    const role = index % 2 === 0 ? 'user' : 'assistant';
    let text = '';
    for (const token of createTokenSource({ seed: 10_000 + index, tokens: role === 'user' ? 12 : 40 + (index % 7) * 10 })) {
      text += token;
    }
    messages.push({ id: `history-${index}`, role, text });
  }
  return messages;
}
