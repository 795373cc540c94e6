import { mockFetch, splitIntoTokens } from '@sluice/mock-producer';
import type { MockFetchOptions } from '@sluice/mock-producer';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { StatusLine, StopButton, Transcript, useTranscript } from './index';
import type { TranscriptMessage, TranscriptProps } from './index';

type Block = Parameters<NonNullable<TranscriptProps['renderBlock']>>[0];

const meta = {
  title: 'Transcript',
  component: Transcript,
  args: { messages: [] },
  decorators: [
    (Story) => (
      <div style={{ height: 480, display: 'flex', flexDirection: 'column', border: '1px solid #d0d7de' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Transcript>;

export default meta;
type Story = StoryObj<typeof meta>;

function conversation(count: number): TranscriptMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `message-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: index % 2 === 0 ? `Question ${index / 2 + 1}: how does the sluice gate work?` : `Answer ${(index + 1) / 2}: one flush per frame, and reading pauses over the high-water mark.`,
    phase: index % 2 === 0 ? undefined : 'done',
  }));
}

const fill = { flex: '1 1 auto' } as const;

export const Empty: Story = {
  args: { messages: [], style: fill },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log', { name: 'Conversation' });
    await expect(log.querySelectorAll('.sluice-message')).toHaveLength(0);
    await expect(canvas.queryByRole('button', { name: /^Jump to latest/u })).toBeNull();
  },
};

const hundredThousand = conversation(100_000);

export const HundredThousandMessages: Story = {
  name: '100,000 messages',
  args: { messages: hundredThousand, style: fill },
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
    style: fill,
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
    await expect(row?.querySelector('h3')?.textContent).toBe('Why a sluice');
    await expect(row?.querySelectorAll('li')).toHaveLength(3);
    await expect(row?.querySelector('strong')?.textContent).toBe('faster');
    await expect(row?.querySelector('code')?.textContent).toBe('requestAnimationFrame');
    await expect(row?.querySelector('img')).toBeNull();
    await expect(row?.textContent).toContain('<img src=x onerror=alert(1)>');
  },
};
