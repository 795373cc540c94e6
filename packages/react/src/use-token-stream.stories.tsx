import { aiSdk, anthropic, ndjson, openai, openaiResponses, sse, text } from '@sluice/core';
import type { Protocol } from '@sluice/core';
import { mockFetch } from '@sluice/mock-producer';
import type { WireFormat } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, StopButton, StreamText, useTokenStream } from './index.js';

type Fault = 'none' | 'httpStatus' | 'errorAfter' | 'stallAfter' | 'dropAfter' | 'malformedEvery';

interface PlaygroundArgs {
  format: WireFormat;
  /** Tokens per second; 0 is unlimited. */
  rate: number;
  tokens: number;
  statusEvery: number;
  fault: Fault;
  /** The N of the fault (HTTP 500 ignores it). */
  faultAfter: number;
  /** Idle timeout in ms, so a stall ends; 0 is none. */
  idleTimeout: number;
}

const protocols: Record<WireFormat, () => Protocol> = {
  sse: () => sse(),
  ndjson: () => ndjson(),
  text: () => text(),
  openai: () => openai(),
  'openai-responses': () => openaiResponses(),
  anthropic: () => anthropic(),
  'ai-sdk': () => aiSdk(),
};

/** `useTokenStream` + `<StreamText>` against the in-browser mock producer; every control is a producer option. */
function Playground({ format, rate, tokens, statusEvery, fault, faultAfter, idleTimeout }: PlaygroundArgs) {
  const fetchImplementation = useMemo(() => {
    const faultOptions = fault === 'none' ? {} : fault === 'httpStatus' ? { httpStatus: 500 } : { [fault]: Math.max(1, faultAfter) };
    return mockFetch({ format, rate, tokens, statusEvery, ...faultOptions });
  }, [format, rate, tokens, statusEvery, fault, faultAfter]);
  const protocol = useMemo(() => protocols[format](), [format]);
  const { phase, metrics, start, stream } = useTokenStream({
    url: '/mock/playground',
    fetch: fetchImplementation,
    protocol,
    timeouts: idleTimeout > 0 ? { idle: idleTimeout } : undefined,
  });

  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', display: 'grid', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8 }}>
        <button type="button" onClick={() => void start()}>
          Start
        </button>
        <StopButton stream={stream} />
      </div>
      <StatusLine stream={stream} />
      <p data-testid="metrics">
        phase {phase}, {metrics.tokens} tokens, {metrics.flushes} flushes, {metrics.droppedStatus} status updates dropped, peak buffer{' '}
        {metrics.maxBufferedBytes} B
      </p>
      <div data-testid="output" style={{ maxHeight: 320, overflow: 'auto', border: '1px solid #d0d7de', padding: 8 }}>
        <StreamText stream={stream} />
      </div>
    </div>
  );
}

const meta = {
  title: 'useTokenStream/Playground',
  component: Playground,
  args: { format: 'sse', rate: 1000, tokens: 1500, statusEvery: 50, fault: 'none', faultAfter: 200, idleTimeout: 2000 },
  argTypes: {
    format: { control: 'select', options: ['sse', 'ndjson', 'text', 'openai', 'anthropic', 'ai-sdk'] },
    rate: { control: { type: 'number', min: 0 }, description: 'Tokens per second; 0 is unlimited' },
    tokens: { control: { type: 'number', min: 0 } },
    statusEvery: { control: { type: 'number', min: 0 }, description: 'A progress status every N tokens; 0 sends none' },
    fault: { control: 'select', options: ['none', 'httpStatus', 'errorAfter', 'stallAfter', 'dropAfter', 'malformedEvery'] },
    faultAfter: { control: { type: 'number', min: 1 } },
    idleTimeout: { control: { type: 'number', min: 0 }, description: 'Idle timeout in ms; 0 is none' },
  },
} satisfies Meta<typeof Playground>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 15_000 });
    await expect(canvas.getByTestId('metrics').textContent).toContain('phase done, 1500 tokens');
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeDisabled();
  },
};

export const UnlimitedOpenAi: Story = {
  args: { format: 'openai', rate: 0, tokens: 20_000, statusEvery: 0 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Done'), { timeout: 20_000 });
    await expect(canvas.getByTestId('metrics').textContent).toContain('20000 tokens');
  },
};

export const StallWithIdleTimeout: Story = {
  args: { format: 'ndjson', rate: 500, tokens: 1000, fault: 'stallAfter', faultAfter: 50, idleTimeout: 500 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Error: /u), { timeout: 10_000 });
    await expect((canvas.getByTestId('output').textContent ?? '').length).toBeGreaterThan(0);
  },
};

export const HttpError: Story = {
  args: { fault: 'httpStatus' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Error: .*500/u), { timeout: 10_000 });
  },
};
