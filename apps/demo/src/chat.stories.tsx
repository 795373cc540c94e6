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
    // Send stays enabled; an empty prompt is not sent, and the hint says why.
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await expect(canvasElement.querySelector('.sluice-composer__hint')?.textContent).toBe('Type a prompt first.');
    await userEvent.type(canvas.getByLabelText('Prompt'), 'Hello there');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(canvas.getByRole('region', { name: 'Chat' }).dataset.streamId).toMatch(/^chat-/u));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 15_000 });
    const rows = canvasElement.querySelectorAll('.sluice-message[data-role="user"]');
    await expect(rows[rows.length - 1]?.textContent).toBe('Hello there');
    await expect(canvas.getByLabelText('Prompt')).toHaveValue('');
  },
};

export const EscapeStops: Story = {
  name: 'Escape stops, focus returns to the prompt',
  args: { fetch: mockFetch({ format: 'sse', tokens: 100_000, rate: 300, seed: 9 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('Prompt'), 'Keep going{Enter}');
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Streaming…/u));
    canvas.getByRole('log', { name: 'Conversation' }).focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Stopped'));
    await expect(canvas.getByLabelText('Prompt')).toHaveFocus();
    const rows = canvasElement.querySelectorAll('.sluice-message[data-role="assistant"]');
    await expect(rows[rows.length - 1]?.querySelector('button[aria-label="Retry"]')).not.toBeNull();
  },
};

export const PhoneDark: Story = {
  name: 'Phone width, dark',
  globals: { theme: 'dark', viewport: { value: 'mobile2', isRotated: false } },
  decorators: [
    (Story) => (
      <div style={{ width: 390, height: 700, display: 'flex', flexDirection: 'column' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const input = canvas.getByLabelText('Prompt');
    const send = canvas.getByRole('button', { name: 'Send' });
    // The prompt keeps most of the width, and Send sits inside its box.
    await expect(input.getBoundingClientRect().width).toBeGreaterThan(180);
    const box = canvasElement.querySelector('.sluice-composer__box')?.getBoundingClientRect();
    await expect(send.getBoundingClientRect().right).toBeLessThanOrEqual(box?.right ?? 0);
    await expect(getComputedStyle(canvasElement.querySelector('.sluice-chat') ?? document.body).backgroundColor).toBe('rgb(13, 17, 23)');
  },
};
