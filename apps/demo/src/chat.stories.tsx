import { mockFetch } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { Chat } from './chat';
import { createHistory } from './history';

/** The demo's copy-paste chat, fed by the in-browser mock producer instead of /api/stream. */
const meta = {
  title: 'Demo/Chat',
  component: Chat,
  args: {
    url: '/mock/chat',
    fetch: mockFetch({ format: 'sse', tokens: 800, rate: 1500, statusEvery: 40, seed: 9 }),
    initialMessages: createHistory(200),
  },
  decorators: [
    (Story) => (
      <div style={{ height: 560, display: 'flex', flexDirection: 'column' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Chat>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SendAndStream: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled();
    await userEvent.type(canvas.getByLabelText('Prompt'), 'Hello there');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(canvas.getByRole('region', { name: 'Chat' }).dataset.streamId).toMatch(/^chat-/u));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 15_000 });
    const rows = canvasElement.querySelectorAll('.sluice-message[data-role="user"]');
    await expect(rows[rows.length - 1]?.textContent).toBe('Hello there');
    await expect(canvas.getByLabelText('Prompt')).toHaveValue('');
  },
};
