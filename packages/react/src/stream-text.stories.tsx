import { expectedText, mockFetch } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StopButton, StreamText, useTokenStream } from './index.js';
import type { RenderBlock } from './index.js';
import { splitBlocks } from './split-blocks.js';

interface StreamTextDemoArgs {
  /** Tokens per second; 0 is unlimited. */
  rate: number;
  tokens: number;
  /** Show blocks through a custom `renderBlock` (labelled cards) instead of the default. */
  customBlocks: boolean;
  /** Milliseconds of script each card costs to render (a stand-in for syntax highlighting). */
  blockCostMs?: number;
}

// Outside the component: a stable identity, so settled blocks stay memoized.
const cardBlock: RenderBlock = (block, index) => (
  <figure data-testid="card" style={{ margin: '0 0 8px', padding: 8, border: '1px solid #d0d7de', borderRadius: 6 }}>
    <figcaption style={{ fontSize: 12, color: '#57606a' }}>
      block {index + 1} · {block.kind}
      {block.language ? ` · ${block.language}` : ''}
    </figcaption>
    <div style={{ whiteSpace: 'pre-wrap', fontFamily: block.kind === 'code' ? 'monospace' : undefined }}>{block.text}</div>
  </figure>
);

/** `cardBlock` made expensive: every render busy-waits, as a syntax highlighter might. */
function costlyCardBlock(blockCostMs: number): RenderBlock {
  return (block, index) => {
    const until = performance.now() + blockCostMs;
    while (performance.now() < until) {
      // The renderer's work.
    }
    return cardBlock(block, index);
  };
}

/** `useTokenStream` with `<StreamText>`: the answer block-split, only the growing block re-rendering. */
function StreamTextDemo({ rate, tokens, customBlocks, blockCostMs = 0 }: StreamTextDemoArgs) {
  const renderBlock = useMemo(() => (blockCostMs > 0 ? costlyCardBlock(blockCostMs) : customBlocks ? cardBlock : undefined), [blockCostMs, customBlocks]);
  const fetchImplementation = useMemo(() => mockFetch({ format: 'sse', rate, tokens }), [rate, tokens]);
  const { phase, start, stream } = useTokenStream({ url: '/mock/stream-text', fetch: fetchImplementation });
  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', display: 'grid', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8 }}>
        <button type="button" onClick={() => void start()}>
          Start
        </button>
        <StopButton stream={stream} />
        <span data-testid="phase">{phase}</span>
      </div>
      <div style={{ maxHeight: 360, overflow: 'auto', border: '1px solid #d0d7de', padding: 8 }}>
        <StreamText stream={stream} renderBlock={renderBlock} />
      </div>
    </div>
  );
}

const meta = {
  title: 'StreamText',
  component: StreamTextDemo,
  args: { rate: 1000, tokens: 1500, customBlocks: false },
  argTypes: {
    rate: { control: { type: 'number', min: 0 }, description: 'Tokens per second; 0 is unlimited' },
    tokens: { control: { type: 'number', min: 0 } },
    customBlocks: { control: 'boolean' },
    blockCostMs: { control: { type: 'number', min: 0 }, description: 'Script per rendered card (ms); 0 is free' },
  },
} satisfies Meta<typeof StreamTextDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The text of every shown block, in order. */
function shownBlocks(canvasElement: HTMLElement): string[] {
  const blocks = canvasElement.querySelectorAll('.sluice-stream-text .sluice-block');
  return [...blocks].map((block) => block.textContent ?? '');
}

/** What the default rendering shows for the producer's whole answer. */
function expectedBlocks(tokens: number): string[] {
  return splitBlocks(expectedText({ tokens })).map((block) => block.text);
}

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    const output = canvasElement.querySelector('.sluice-stream-text');
    await waitFor(() => expect(canvas.getByTestId('phase').textContent).toBe('done'), { timeout: 15_000 });
    await expect(output?.hasAttribute('aria-busy')).toBe(false);
    // Every block of the answer is shown, complete and in order.
    await expect(shownBlocks(canvasElement)).toEqual(expectedBlocks(1500));
    await expect(output?.querySelectorAll('.sluice-block').length).toBeGreaterThan(1);
  },
};

export const UnlimitedBurst: Story = {
  args: { rate: 0, tokens: 20_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByTestId('phase').textContent).toBe('done'), { timeout: 30_000 });
    await expect(shownBlocks(canvasElement)).toEqual(expectedBlocks(20_000));
  },
};

export const CustomBlocks: Story = {
  args: { customBlocks: true, tokens: 600 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByTestId('phase').textContent).toBe('done'), { timeout: 15_000 });
    // Blocks past a commit's render budget (a loaded machine) become cards in the frames that follow.
    await waitFor(() => expect(canvasElement.querySelector('.sluice-stream-text .sluice-paragraph')).toBeNull());
    await expect(canvas.getAllByTestId('card').length).toBeGreaterThan(1);
  },
};

/**
 * Every card costs 10 ms to render and the answer arrives at once: each frame renders cards for
 * about 8 ms, the rest show as plain text (`data-sluice-pending`) and become cards frame by
 * frame, so the page keeps answering while they do.
 */
export const ExpensiveRenderBlock: Story = {
  args: { rate: 0, tokens: 3000, blockCostMs: 10 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByTestId('phase').textContent).toBe('done'), { timeout: 15_000 });
    // Every block is on screen, as a card or (for now) as plain text.
    await expect(canvasElement.querySelectorAll('[data-testid="card"], [data-sluice-pending]').length).toBe(expectedBlocks(3000).length);
    await waitFor(() => expect(canvasElement.querySelector('[data-sluice-pending]')).toBeNull(), { timeout: 15_000 });
    await expect(canvas.getAllByTestId('card').map((card) => card.lastElementChild?.textContent)).toEqual(expectedBlocks(3000));
  },
};
