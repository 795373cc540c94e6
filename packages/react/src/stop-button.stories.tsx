import { mockFetch } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, StopButton, useTokenStream } from './index.js';

/** A `<button>` labelled "Stop": enabled while a stream connects or streams, disabled otherwise. */
const meta = {
  title: 'StopButton',
  component: StopButton,
  args: { isStreaming: false, onStop: fn() },
  argTypes: {
    stream: { control: false },
    isStreaming: { control: 'boolean' },
    children: { control: 'text' },
  },
} satisfies Meta<typeof StopButton>;

export default meta;
type Story = StoryObj<typeof meta>;

export const NothingToStop: Story = {
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Stop' });
    await expect(button).toBeDisabled();
    await userEvent.click(button, { pointerEventsCheck: 0 });
    await expect(args.onStop).not.toHaveBeenCalled();
  },
};

export const Streaming: Story = {
  args: { isStreaming: true },
  play: async ({ canvasElement, args }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Stop' });
    await expect(button).toBeEnabled();
    await userEvent.click(button);
    await expect(args.onStop).toHaveBeenCalledTimes(1);
  },
};

export const CustomLabel: Story = {
  args: { isStreaming: true, children: 'Cancel answer' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Cancel answer' })).toBeEnabled();
  },
};

/** Bound to a real store: enabled from `connecting` on, aborts the stream itself. */
function BoundToAStream() {
  const [fetchImplementation] = useState(() => mockFetch({ format: 'sse', tokens: 100_000, rate: 200, seed: 5 }));
  const { stream, start, text } = useTokenStream({ url: '/mock/stop', fetch: fetchImplementation });
  return (
    <>
      <button type="button" onClick={() => void start()}>
        Start
      </button>
      <StopButton stream={stream} />
      <StatusLine stream={stream} />
      <p data-testid="text">{text}</p>
    </>
  );
}

export const StopsAStream: Story = {
  args: { onStop: undefined },
  render: () => <BoundToAStream />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const stop = canvas.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeDisabled();
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(stop).toBeEnabled());
    await waitFor(() => expect((canvas.getByTestId('text').textContent ?? '').length).toBeGreaterThan(20));
    await userEvent.click(stop);
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Stopped'));
    await expect(stop).toBeDisabled();
    const frozen = canvas.getByTestId('text').textContent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(canvas.getByTestId('text').textContent).toBe(frozen);
  },
};
