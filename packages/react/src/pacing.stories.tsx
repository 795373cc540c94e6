import { expectedText, mockFetch } from '@sluice/mock-producer';
import type { PaceOptions } from '@sluice/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StopButton, StreamText, useTokenStream } from './index.js';
import { splitBlocks } from './split-blocks.js';

interface PacingDemoArgs {
  /** Reveal text smoothly (the `pace` option) instead of in read-sized jumps. */
  pace: boolean;
  /** `pace.maxLagMs`: the most shown text may lag what arrived. */
  maxLagMs: number;
  /** Play `prefers-reduced-motion: reduce` (pacing is then off). */
  reducedMotion: boolean;
  /** Tokens per second; 0 is unlimited. */
  rate: number;
  /** Tokens per write: a large burst shows what pacing smooths. */
  burst: number;
  tokens: number;
}

/** A bursty producer read with and without `pace`. */
function PacingDemo({ pace, maxLagMs, reducedMotion, rate, burst, tokens }: PacingDemoArgs) {
  const fetchImplementation = useMemo(() => mockFetch({ format: 'sse', rate, burst, tokens }), [rate, burst, tokens]);
  const paceOption = useMemo<PaceOptions | false>(
    () => (pace ? { maxLagMs, ...(reducedMotion ? { matchMedia: () => ({ matches: true }) } : {}) } : false),
    [pace, maxLagMs, reducedMotion],
  );
  const { phase, text, start, stream } = useTokenStream({
    url: '/mock/pacing',
    fetch: fetchImplementation,
    pace: paceOption,
  });
  // Whether every published text only appended to the one before it (checked by the play function).
  const [appendOnly, setAppendOnly] = useState(true);
  useEffect(() => {
    let previous = '';
    return stream.subscribe(() => {
      const next = stream.getSnapshot().text;
      if (next !== '' && !next.startsWith(previous)) setAppendOnly(false);
      previous = next;
    });
  }, [stream]);
  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', display: 'grid', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button
          type="button"
          onClick={() => {
            setAppendOnly(true);
            void start();
          }}
        >
          Start
        </button>
        <StopButton stream={stream} />
        <span data-testid="phase">{phase}</span>
        <span>
          <span data-testid="shown">{text.length}</span> characters shown
        </span>
      </div>
      <div data-testid="append-only" hidden data-value={String(appendOnly)} />
      <div style={{ maxHeight: 360, overflow: 'auto', border: '1px solid #d0d7de', padding: 8 }}>
        <StreamText stream={stream} />
      </div>
    </div>
  );
}

const meta = {
  title: 'Pacing',
  component: PacingDemo,
  args: { pace: true, maxLagMs: 300, reducedMotion: false, rate: 400, burst: 40, tokens: 1200 },
  argTypes: {
    pace: { control: 'boolean', description: 'Smooth output (the pace option)' },
    maxLagMs: { control: { type: 'number', min: 1, step: 50 }, description: 'pace.maxLagMs' },
    reducedMotion: { control: 'boolean', description: 'Play prefers-reduced-motion: reduce' },
    rate: { control: { type: 'number', min: 0 }, description: 'Tokens per second; 0 is unlimited' },
    burst: { control: { type: 'number', min: 1 }, description: 'Tokens per write' },
    tokens: { control: { type: 'number', min: 0 } },
  },
} satisfies Meta<typeof PacingDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

async function streamsTheWholeAnswer(canvasElement: HTMLElement, tokens: number) {
  const canvas = within(canvasElement);
  await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(canvas.getByTestId('phase').textContent).toBe('done'), { timeout: 20_000 });
  // Paced or not, the answer is complete once done, and every frame only appended to what was shown.
  const shownBlocks = [...canvasElement.querySelectorAll('.sluice-stream-text .sluice-block')].map((block) => block.textContent ?? '');
  await expect(shownBlocks).toEqual(splitBlocks(expectedText({ tokens })).map((block) => block.text));
  await expect(canvas.getByTestId('append-only').dataset.value).toBe('true');
}

/** Bursts of 40 tokens revealed word by word, never more than 300 ms behind. */
export const Paced: Story = {
  play: ({ canvasElement }) => streamsTheWholeAnswer(canvasElement, 1200),
};

/** The same producer unpaced: each burst lands in one jump. */
export const Unpaced: Story = {
  args: { pace: false },
  play: ({ canvasElement }) => streamsTheWholeAnswer(canvasElement, 1200),
};

/** Large bursts with a long lag bound: the backlog drains at a rate tied to its size. */
export const BigBursts: Story = {
  args: { rate: 2000, burst: 400, maxLagMs: 1000, tokens: 4000 },
  play: ({ canvasElement }) => streamsTheWholeAnswer(canvasElement, 4000),
};

/** Under prefers-reduced-motion pacing is off, whatever the option says. */
export const ReducedMotion: Story = {
  args: { reducedMotion: true },
  play: ({ canvasElement }) => streamsTheWholeAnswer(canvasElement, 1200),
};
