import { mockFetch, splitIntoTokens } from '@sluice/mock-producer';
import type { MockFetchOptions } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, StopButton, Transcript, useTranscript } from './index.js';
import type { TranscriptMessage, TranscriptProps } from './index.js';

const fill = { flex: '1 1 auto' } as const;

type Block = Parameters<NonNullable<TranscriptProps['renderBlock']>>[0];

type LastPhase = 'none' | 'connecting' | 'streaming' | 'done' | 'error' | 'aborted';

/** The story's controls: the conversation is generated from a count and the phase of its last answer. */
type TranscriptStoryArgs = TranscriptProps & {
  /** How many messages to generate (ignored when `messages` is given). */
  messageCount: number;
  /** The phase of the last answer: `connecting` shows the pending marker, `error` the error. */
  lastPhase: LastPhase;
};

function conversation(count: number, lastPhase: LastPhase = 'done'): TranscriptMessage[] {
  const messages: TranscriptMessage[] = Array.from({ length: count }, (_, index) => ({
    id: `message-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: index % 2 === 0 ? `Question ${index / 2 + 1}: how does the sluice gate work?` : `Answer ${(index + 1) / 2}: one flush per frame, and reading pauses over the high-water mark.`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
  const last = messages.at(-1);
  if (last === undefined || last.role !== 'assistant' || lastPhase === 'none') return messages;
  const shaped: TranscriptMessage =
    lastPhase === 'connecting'
      ? { ...last, text: '', phase: 'connecting', status: null, error: null }
      : lastPhase === 'error'
        ? { ...last, text: 'One flush per frame, and', phase: 'error', error: { kind: 'network', message: 'The connection was lost.' } }
        : lastPhase === 'aborted'
          ? { ...last, text: 'One flush per frame, and', phase: 'aborted' }
          : { ...last, phase: lastPhase };
  return [...messages.slice(0, -1), shaped];
}

const meta = {
  title: 'Transcript',
  component: Transcript,
  args: { messages: [], messageCount: 40, lastPhase: 'done', showCopyButton: false, overscan: 4, serverRenderCount: 20, onRetry: fn() },
  argTypes: {
    messageCount: {
      description: 'Story control: how many messages to generate for `messages`.',
      control: { type: 'number', min: 0, max: 100_000, step: 1 },
    },
    lastPhase: {
      description: 'Story control: the phase of the last generated answer.',
      control: 'select',
      options: ['none', 'connecting', 'streaming', 'done', 'error', 'aborted'],
    },
    messages: { control: false },
    live: { control: false },
    renderMessage: { control: false },
    renderBlock: { control: false },
    estimateSize: { control: false },
  },
  // Generated messages unless a story passes its own.
  render: ({ messageCount, lastPhase, messages, ...props }) => (
    <Transcript {...props} messages={messages.length > 0 ? messages : conversation(messageCount, lastPhase)} style={props.style ?? fill} />
  ),
  decorators: [
    (Story) => (
      <div style={{ height: 480, display: 'flex', flexDirection: 'column', border: '1px solid var(--sluice-border)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<TranscriptStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;


/** Change the count and the phase in the controls; Retry and Copy show when their props are set. */
export const Playground: Story = {
  args: { messageCount: 40, showCopyButton: true },
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(log.querySelector('[data-message-id="message-39"]')).not.toBeNull());
    await expect(log.querySelector('[data-message-id="message-39"]')?.getAttribute('data-role')).toBe('assistant');
    await expect(log.querySelectorAll('.sluice-message').length).toBeGreaterThan(1);
  },
};

export const Empty: Story = {
  args: { messageCount: 0 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log', { name: 'Conversation' });
    await expect(log.querySelectorAll('.sluice-message')).toHaveLength(0);
    await expect(canvas.queryByRole('button', { name: /^Jump to latest/u })).toBeNull();
  },
};

export const Connecting: Story = {
  name: 'Last answer connecting',
  args: { lastPhase: 'connecting' },
  play: async ({ canvasElement }) => {
    const row = await waitFor(() => {
      const element = canvasElement.querySelector<HTMLElement>('[data-message-id="message-39"]');
      if (element === null) throw new Error('no last row yet');
      return element;
    });
    await expect(row.dataset.phase).toBe('connecting');
    await expect(row.getAttribute('aria-busy')).toBe('true');
    await expect(row.querySelector('.sluice-pending')).not.toBeNull();
  },
};

export const FailedWithRetry: Story = {
  name: 'Last answer failed, with Retry and Copy',
  args: { lastPhase: 'error', showCopyButton: true },
  play: async ({ canvasElement, args }) => {
    const row = await waitFor(() => {
      const element = canvasElement.querySelector<HTMLElement>('[data-message-id="message-39"]');
      if (element === null) throw new Error('no last row yet');
      return element;
    });
    await expect(row.querySelector('.sluice-error')?.textContent).toBe('The connection was lost.');
    await userEvent.click(within(row).getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledWith('message-39');
    // Earlier settled answers offer Copy; the failed one still has its partial text to copy.
    await expect(canvasElement.querySelectorAll('button[aria-label="Copy answer"]').length).toBeGreaterThan(1);
  },
};

export const StoppedAnswer: Story = {
  name: 'Last answer stopped',
  args: { lastPhase: 'aborted' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-message-id="message-39"] .sluice-stopped')?.textContent).toBe('Stopped'));
  },
};

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  args: { showCopyButton: true },
  play: async ({ canvasElement }) => {
    const body = await waitFor(() => {
      const element = canvasElement.querySelector<HTMLElement>('[data-message-id="message-39"] .sluice-message-body');
      if (element === null) throw new Error('no last row yet');
      return element;
    });
    // The dark palette: the assistant bubble is dark with light text.
    await expect(getComputedStyle(body).backgroundColor).toBe('rgb(22, 27, 34)');
    await expect(getComputedStyle(body).color).toBe('rgb(230, 237, 243)');
  },
};

export const Phone: Story = {
  name: 'Phone width (390 px)',
  globals: { viewport: { value: 'mobile2', isRotated: false } },
  args: { showCopyButton: true },
  decorators: [
    (Story) => (
      <div style={{ width: 390, maxWidth: '100%', height: '100%', display: 'flex', flexDirection: 'column' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(log.querySelector('[data-message-id="message-39"]')).not.toBeNull());
    await expect(log.getBoundingClientRect().width).toBeLessThanOrEqual(390);
    // Nothing scrolls sideways: every bubble fits the narrow log.
    await expect(log.scrollWidth).toBeLessThanOrEqual(log.clientWidth);
  },
};

export const HundredThousandMessages: Story = {
  name: '100,000 messages',
  args: { messageCount: 100_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log', { name: 'Conversation' });
    // Virtualized: opens at the latest message with only a window of rows in the DOM.
    await waitFor(() => expect(log.querySelector('[data-message-id="message-99999"]')).not.toBeNull());
    const rows = log.querySelectorAll('.sluice-message');
    await expect(rows.length).toBeGreaterThan(0);
    await expect(rows.length).toBeLessThan(60);

    // Scrolling up stops following and offers a way back.
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    const jump = await canvas.findByRole('button', { name: /^Jump to latest/u });
    await waitFor(() => expect(log.querySelector('[data-message-id="message-0"]')).not.toBeNull());
    await userEvent.click(jump);
    await waitFor(() => expect(log.querySelector('[data-message-id="message-99999"]')).not.toBeNull());
    await waitFor(() => expect(canvas.queryByRole('button', { name: /^Jump to latest/u })).toBeNull());
  },
};

interface LiveChatProps {
  producer: MockFetchOptions;
  initialMessages?: TranscriptMessage[];
  renderBlock?: TranscriptProps['renderBlock'];
  prompt?: string;
}

/** A transcript fed by the in-browser mock producer: the real core, the real hook, no network. */
function LiveChat({ producer, initialMessages = [], renderBlock, prompt = 'Stream something' }: LiveChatProps): ReactNode {
  const [fetchImplementation] = useState(() => mockFetch(producer));
  const { messages, live, send, stop } = useTranscript({ url: '/mock/chat', fetch: fetchImplementation, initialMessages });
  return (
    <>
      <Transcript messages={messages} live={live} renderBlock={renderBlock} style={fill} />
      <StatusLine stream={live?.stream} phase={live === null ? messages.at(-1)?.phase : undefined} />
      <div style={{ display: 'flex', gap: 8, padding: 8 }}>
        <button type="button" onClick={() => void send(prompt)}>
          Send
        </button>
        <StopButton stream={live?.stream} onStop={stop} />
      </div>
    </>
  );
}

function lastAssistantRow(canvasElement: HTMLElement): HTMLElement | null {
  const rows = canvasElement.querySelectorAll<HTMLElement>('.sluice-message[data-role="assistant"]');
  return rows[rows.length - 1] ?? null;
}

export const FastStream: Story = {
  args: { messages: [] },
  render: () => <LiveChat producer={{ format: 'sse', tokens: 4000, rate: 2000, burst: 4, statusEvery: 100, seed: 2 }} initialMessages={conversation(40)} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    // Busy while streaming, so screen readers wait for the whole answer…
    await waitFor(() => expect(lastAssistantRow(canvasElement)?.getAttribute('aria-busy')).toBe('true'));
    await waitFor(() => expect(canvas.getByRole('status').textContent).toMatch(/^Streaming…/u));
    // …then settled, with every token shown.
    await waitFor(() => expect(lastAssistantRow(canvasElement)?.dataset.phase).toBe('done'), { timeout: 15_000 });
    const row = lastAssistantRow(canvasElement);
    await expect(row?.getAttribute('aria-busy')).not.toBe('true');
    await expect((row?.textContent ?? '').length).toBeGreaterThan(4000);
    await expect(canvas.getByRole('status').textContent).toBe('Done');
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeDisabled();
  },
};

export const ErrorState: Story = {
  name: 'Error',
  args: { messages: [] },
  render: () => <LiveChat producer={{ format: 'ndjson', tokens: 1000, rate: 1000, errorAfter: 60, seed: 4 }} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(lastAssistantRow(canvasElement)?.dataset.phase).toBe('error'), { timeout: 10_000 });
    const row = lastAssistantRow(canvasElement);
    const error = row?.querySelector('.sluice-error');
    // The error is spelled out, and what arrived before it stays.
    await expect(error?.textContent ?? '').not.toBe('');
    await expect((row?.querySelector('.sluice-message-body')?.textContent ?? '').length).toBeGreaterThan((error?.textContent ?? '').length);
    await expect(row?.getAttribute('aria-busy')).not.toBe('true');
  },
};

export const Aborted: Story = {
  args: { messages: [] },
  render: () => <LiveChat producer={{ format: 'sse', tokens: 100_000, rate: 300, seed: 6 }} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect((lastAssistantRow(canvasElement)?.textContent ?? '').length).toBeGreaterThan(80));
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(lastAssistantRow(canvasElement)?.dataset.phase).toBe('aborted'));
    const frozen = lastAssistantRow(canvasElement)?.textContent;
    await expect(frozen).toContain('Stopped');
    // Nothing is painted after Stop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(lastAssistantRow(canvasElement)?.textContent).toBe(frozen);
    await expect(canvas.getByRole('status').textContent).toBe('Stopped');
  },
};

const codeLines = Array.from({ length: 400 }, (_, index) => `const line${index} = compute(${index}); // keeps its indentation and <tags>`);

export const LongCodeBlock: Story = {
  args: {
    messages: [
      { id: 'question', role: 'user', text: 'Show me a long file' },
      { id: 'code', role: 'assistant', phase: 'done', text: `Here it is:\n\n\`\`\`ts\n${codeLines.join('\n')}\n\`\`\`\n\nThat is all.` },
    ],
  },
  play: async ({ canvasElement }) => {
    const code = await waitFor(() => {
      const element = canvasElement.querySelector('[data-message-id="code"] pre code');
      if (element === null) throw new Error('no code block yet');
      return element;
    });
    await expect(code.getAttribute('data-language')).toBe('ts');
    await expect((code.textContent ?? '').split('\n')).toHaveLength(400);
    // Angle brackets stay text: nothing is parsed as HTML.
    await expect(code.querySelector('tags')).toBeNull();
    await expect(code.textContent).toContain('<tags>');
  },
};

/**
 * A tiny markdown renderer built from React elements only (no innerHTML): `#` headings,
 * `- ` lists, `**bold**` and `` `code` ``. Defined outside any component so its identity is
 * stable and completed blocks stay memoized.
 */
function renderInline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/u).map((part, index) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={index}>{part.slice(1, -1)}</code>;
    return part;
  });
}

function renderMarkdownBlock(block: Block): ReactNode {
  if (block.kind === 'code') {
    return (
      <pre className="sluice-block sluice-code">
        <code>{block.text}</code>
      </pre>
    );
  }
  const lines = block.text.split('\n');
  const heading = /^(#{1,3}) (.*)$/u.exec(block.text);
  if (heading !== null && lines.length === 1) {
    const Tag = `h${(heading[1] ?? '#').length + 2}` as 'h3' | 'h4' | 'h5';
    return <Tag className="sluice-block">{renderInline(heading[2] ?? '')}</Tag>;
  }
  if (lines.every((line) => line.startsWith('- '))) {
    return (
      <ul className="sluice-block">
        {lines.map((line, index) => (
          <li key={index}>{renderInline(line.slice(2))}</li>
        ))}
      </ul>
    );
  }
  return <p className="sluice-block sluice-paragraph">{renderInline(block.text)}</p>;
}

const markdownAnswer = [
  '# Why a sluice',
  'Tokens arrive **faster** than frames. The gate flushes once per `requestAnimationFrame`.',
  '- bounded memory\n- **one** commit per frame\n- Stop means stop',
  'Unsafe input such as <img src=x onerror=alert(1)> stays text.',
].join('\n\n');

export const CustomMarkdownRenderer: Story = {
  args: { messages: [] },
  render: () => <LiveChat producer={{ format: 'sse', corpus: markdownAnswer, tokens: splitIntoTokens(markdownAnswer).length, rate: 200 }} renderBlock={renderMarkdownBlock} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(lastAssistantRow(canvasElement)?.dataset.phase).toBe('done'), { timeout: 10_000 });
    const row = lastAssistantRow(canvasElement);
    // Blocks past a commit's render budget (a loaded machine) go through renderBlock in the frames that follow.
    await waitFor(() => expect(row?.querySelector('[data-sluice-pending]')).toBeNull());
    await expect(row?.querySelector('h3')?.textContent).toBe('Why a sluice');
    await expect(row?.querySelectorAll('li')).toHaveLength(3);
    await expect(row?.querySelector('strong')?.textContent).toBe('faster');
    await expect(row?.querySelector('code')?.textContent).toBe('requestAnimationFrame');
    await expect(row?.querySelector('img')).toBeNull();
    await expect(row?.textContent).toContain('<img src=x onerror=alert(1)>');
  },
};
