import { mockFetch } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, StopButton, Transcript, useTranscript } from './index.js';

interface ConversationArgs {
  /** The prompt the Send button sends. */
  prompt: string;
  /** Tokens per answer. */
  tokens: number;
  /** Tokens per second; 0 is unlimited. */
  rate: number;
  /** Fail each answer after this many tokens; 0 never fails. */
  errorAfter: number;
}

/** `useTranscript` with `<Transcript>`, fed by the in-browser mock producer: send, stop, retry, clear. */
function Conversation({ prompt, tokens, rate, errorAfter }: ConversationArgs) {
  const fetchImplementation = useMemo(
    () => mockFetch({ format: 'sse', tokens, rate, seed: 7, ...(errorAfter > 0 ? { errorAfter } : {}) }),
    [tokens, rate, errorAfter],
  );
  const { messages, live, send, stop, retry, clear, isStreaming } = useTranscript({ url: '/mock/conversation', fetch: fetchImplementation });
  return (
    <section className="sluice-chat" aria-label="Chat" style={{ height: 480 }}>
      <Transcript messages={messages} live={live} onRetry={(id) => void retry(id)} showCopyButton className="sluice-chat__log" />
      <StatusLine stream={live?.stream} phase={live === null ? messages.at(-1)?.phase : undefined} className="sluice-chat__status" />
      <div className="sluice-composer__actions" style={{ padding: 8 }}>
        <button type="button" className="sluice-composer__button sluice-composer__button--primary" onClick={() => void send(prompt)}>
          Send
        </button>
        <StopButton className="sluice-composer__button" onStop={stop} isStreaming={isStreaming} />
        <button type="button" className="sluice-composer__button" onClick={clear}>
          Clear
        </button>
      </div>
    </section>
  );
}

const meta = {
  title: 'useTranscript',
  component: Conversation,
  args: { prompt: 'How does backpressure work?', tokens: 300, rate: 1500, errorAfter: 0 },
  argTypes: {
    prompt: { control: 'text', description: 'The prompt the Send button sends' },
    tokens: { control: { type: 'number', min: 1 }, description: 'Tokens per answer' },
    rate: { control: { type: 'number', min: 0 }, description: 'Tokens per second; 0 is unlimited' },
    errorAfter: { control: { type: 'number', min: 0 }, description: 'Fail each answer after this many tokens; 0 never fails' },
  },
} satisfies Meta<typeof Conversation>;

export default meta;
type Story = StoryObj<typeof meta>;

function userRows(canvasElement: HTMLElement): string[] {
  return [...canvasElement.querySelectorAll('.sluice-message[data-role="user"]')].map((row) => row.textContent ?? '');
}

export const SendAndClear: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 10_000 });
    await expect(userRows(canvasElement)).toEqual(['How does backpressure work?']);
    await expect(canvasElement.querySelector('button[aria-label="Copy answer"]')).not.toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(canvasElement.querySelectorAll('.sluice-message')).toHaveLength(0));
  },
};

export const RetryAfterAnError: Story = {
  name: 'Retry after an error',
  args: { errorAfter: 40 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Error: /u), { timeout: 10_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    // The same prompt again, as a new turn; the failed attempt stays above it.
    await waitFor(() => expect(userRows(canvasElement)).toEqual(['How does backpressure work?', 'How does backpressure work?']));
    await waitFor(() => expect(canvasElement.querySelectorAll('.sluice-message[data-phase="error"]')).toHaveLength(2), { timeout: 10_000 });
  },
};
