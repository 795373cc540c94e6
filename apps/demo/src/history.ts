import type { TranscriptMessage } from '@sluice/react';

const questions = [
  'How does backpressure work here?',
  'What happens when I press Stop?',
  'Can the tab fall behind the server?',
  'Why does the list not jump while text grows?',
];

const answers = [
  'Reading pauses while the un-painted text is over the high-water mark, so the server waits on the TCP window.',
  'The request is aborted first, then the answer is marked stopped; nothing more is painted.',
  'It can, and then the buffer stays bounded: the producer is slowed instead of the tab filling memory.',
  'Every row is measured, and the list stays pinned to the end while you are at the bottom.',
];

/** A long, deterministic earlier conversation, to show that virtualization keeps it cheap. */
export function createHistory(count: number): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  for (let index = 0; index < count; index += 1) {
    const isUser = index % 2 === 0;
    const pick = Math.floor(index / 2) % questions.length;
    messages.push({
      id: `history-${index}`,
      role: isUser ? 'user' : 'assistant',
      text: isUser ? `#${index / 2 + 1}: ${questions[pick]}` : (answers[pick] ?? ''),
    });
  }
  return messages;
}
