import '@sluice/react/styles.css';
import type { TranscriptMessage } from '@sluice/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Chat } from './chat';

// A long earlier conversation: the transcript must keep only the visible rows in the DOM.
const initialMessages: TranscriptMessage[] = Array.from({ length: 2_000 }, (_, index) => ({
  id: `earlier-${index}`,
  role: index % 2 === 0 ? 'user' : 'assistant',
  text: index % 2 === 0 ? `Question ${index / 2 + 1}: how does this stream?` : `Answer ${(index - 1) / 2 + 1}: one frame at a time.`,
}));

// A long, paced answer, so the test can watch it grow and stop it while it is still streaming.
const url = '/api/stream?format=sse&tokens=200000&rate=400';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <Chat url={url} initialMessages={initialMessages} />
  </StrictMode>,
);
