import { mockFetch } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, useTokenStream } from './index.js';

/** One quiet line that says where a stream is; a polite live region, present even when empty. */
const meta = {
  title: 'StatusLine',
  component: StatusLine,
  args: { phase: 'idle' },
  argTypes: {
    phase: { control: 'select', options: ['idle', 'connecting', 'streaming', 'reconnecting', 'done', 'error', 'aborted'] },
    stream: { control: false },
    status: { control: 'object' },
    error: { control: 'object' },
  },
} satisfies Meta<typeof StatusLine>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    // Empty, but already a live region so the first update is announced.
    await expect(status.textContent).toBe('');
    await expect(status.dataset.phase).toBe('idle');
  },
};

export const Connecting: Story = {
  args: { phase: 'connecting' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status').textContent).toBe('Connecting…');
  },
};

export const StreamingWithProgress: Story = {
  name: 'Streaming, with a status update',
  args: { phase: 'streaming', status: { type: 'progress', data: { label: 'Searching', percent: 40 } } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status').textContent).toBe('Streaming… Searching 40%');
  },
};

export const Done: Story = {
  args: { phase: 'done', status: { type: 'progress', data: { percent: 100 } } },
  play: async ({ canvasElement }) => {
    // A status update only shows while the stream runs.
    await expect(within(canvasElement).getByRole('status').textContent).toBe('Done');
  },
};

export const Failed: Story = {
  name: 'Error',
  args: { phase: 'error', error: { kind: 'network', message: 'The connection was lost.' } },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status.textContent).toBe('Error: The connection was lost.');
    await expect(status.dataset.phase).toBe('error');
  },
};

export const Stopped: Story = {
  args: { phase: 'aborted', phaseLabels: { aborted: 'Cancelled' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status').textContent).toBe('Cancelled');
  },
};

/** Following a real store: the line re-renders per flush on its own. */
function FollowingAStore() {
  const [fetchImplementation] = useState(() => mockFetch({ format: 'sse', tokens: 300, rate: 600, statusEvery: 20, seed: 3 }));
  const { stream, start } = useTokenStream({ url: '/mock/status', fetch: fetchImplementation });
  return (
    <>
      <button type="button" onClick={() => void start()}>
        Start
      </button>
      <StatusLine stream={stream} />
    </>
  );
}

export const FollowingAStream: Story = {
  render: () => <FollowingAStore />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Streaming…/u));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 10_000 });
  },
};

export const Dark: Story = {
  args: { phase: 'error', error: { kind: 'http', message: 'HTTP 500' } },
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status.textContent).toBe('Error: HTTP 500');
    // The dark palette applies: light text on a dark page.
    await expect(getComputedStyle(status).color).toBe('rgb(255, 220, 215)');
  },
};
