import type { MessagePart, StreamPhase } from '@sluice/core';
import { markdownBlock } from '@sluice/markdown';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { Transcript } from './index.js';
import type { RenderPart, TranscriptMessage } from './index.js';

interface PartsDemoArgs {
  parts: MessagePart[];
  /** The answer's phase: a running one is `aria-busy`. */
  phase: StreamPhase;
  /** Render text parts as markdown (`renderBlock={markdownBlock}`). */
  markdown: boolean;
  allowImages: boolean;
}

/** A data part shown through the `renderPart` slot; the other parts keep their built-in look. */
const weatherPart: RenderPart = (part, defaultRender) => {
  if (part.type !== 'data' || part.name !== 'weather') return defaultRender();
  const data = part.data as { city: string; celsius: number };
  return (
    <p className="weather-card">
      {data.city}: {data.celsius} °C
    </p>
  );
};

/** One assistant answer made of `parts`, as `<Transcript>` shows it. */
function PartsDemo({ parts, phase, markdown, allowImages }: PartsDemoArgs) {
  const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n\n');
  const messages: TranscriptMessage[] = [
    { id: 'question', role: 'user', text: 'What should I pack for Oslo?' },
    { id: 'answer', role: 'assistant', text, parts, phase },
  ];
  return (
    <Transcript
      messages={messages}
      renderBlock={markdown ? markdownBlock : undefined}
      renderPart={weatherPart}
      allowImages={allowImages}
      style={{ height: 480, fontFamily: 'system-ui, sans-serif' }}
    />
  );
}

const meta = {
  title: 'Transcript/Message parts',
  component: PartsDemo,
  args: { parts: [], phase: 'done', markdown: true, allowImages: false },
  argTypes: {
    phase: { control: 'select', options: ['connecting', 'streaming', 'done', 'error', 'aborted'] },
    markdown: { control: 'boolean' },
    allowImages: { control: 'boolean' },
  },
} satisfies Meta<typeof PartsDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

function answer(canvasElement: HTMLElement): HTMLElement {
  const row = canvasElement.querySelector<HTMLElement>('[data-message-id="answer"]');
  if (!row) throw new Error('the answer row is not rendered');
  return row;
}

/** The answer once every block has gone through renderBlock (a long one takes a few frames). */
async function renderedAnswer(canvasElement: HTMLElement): Promise<HTMLElement> {
  await waitFor(() => expect(answer(canvasElement).querySelector('[data-sluice-pending]')).toBeNull(), { timeout: 10_000 });
  return answer(canvasElement);
}

const toolInput = { city: 'Oslo', days: 3 };
function tool(state: Extract<MessagePart, { type: 'tool' }>['state'], fields: Partial<Extract<MessagePart, { type: 'tool' }>> = {}): MessagePart {
  return { type: 'tool', id: 'call-1', name: 'get_weather', inputText: JSON.stringify(toolInput), input: toolInput, state, ...fields };
}

export const ReasoningStreaming: Story = {
  args: { phase: 'streaming', parts: [{ type: 'reasoning', id: 'r1', text: 'The user travels to Oslo in winter, so', state: 'streaming' }] },
  play: async ({ canvasElement }) => {
    const details = answer(canvasElement).querySelector<HTMLDetailsElement>('details.sluice-reasoning');
    await expect(details?.open).toBe(true);
    await expect(details?.querySelector('summary')?.textContent).toBe('Thinking…');
    await expect(answer(canvasElement).getAttribute('aria-busy')).toBe('true');
  },
};

export const ReasoningDone: Story = {
  args: {
    parts: [
      { type: 'reasoning', id: 'r1', text: 'The user travels to Oslo in winter, so warm layers matter most.', state: 'done' },
      { type: 'text', id: 't1', text: 'Pack **warm layers** and waterproof boots.', state: 'done' },
    ],
  },
  play: async ({ canvasElement }) => {
    const details = answer(canvasElement).querySelector<HTMLDetailsElement>('details.sluice-reasoning');
    await expect(details?.open).toBe(false);
    await expect(answer(canvasElement).querySelector('strong')?.textContent).toBe('warm layers');
  },
};

export const ToolInputStreaming: Story = {
  args: { phase: 'streaming', parts: [{ type: 'tool', id: 'call-1', name: 'get_weather', inputText: '{"city":"Os', state: 'input-streaming' }] },
  play: async ({ canvasElement }) => {
    const card = within(answer(canvasElement));
    await expect(card.getByText('Running')).toBeVisible();
    await expect(card.getByText('{"city":"Os')).toBeVisible();
  },
};

export const ToolInputAvailable: Story = {
  args: { phase: 'streaming', parts: [tool('input-available')] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.sluice-tool-input')?.textContent).toBe(JSON.stringify(toolInput, null, 2));
    await expect(answer(canvasElement).querySelector('.sluice-tool-badge')?.textContent).toBe('Running');
  },
};

export const ToolAwaitingApproval: Story = {
  args: { phase: 'done', parts: [tool('approval-requested')] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.sluice-tool-badge')?.textContent).toBe('Awaiting approval');
  },
};

export const ToolOutputAvailable: Story = {
  args: { parts: [tool('output-available', { output: { celsius: -4, sky: 'snow' } }), { type: 'text', id: 't1', text: 'It will snow: pack boots.', state: 'done' }] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.sluice-tool-badge')?.textContent).toBe('Done');
    await expect(answer(canvasElement).querySelector('.sluice-tool-output')?.textContent).toContain('"sky": "snow"');
  },
};

export const ToolOutputError: Story = {
  args: { parts: [tool('output-error', { errorText: 'The weather service timed out' })] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.sluice-tool-badge')?.textContent).toBe('Error');
    await expect(within(answer(canvasElement)).getByText('The weather service timed out')).toBeVisible();
  },
};

export const ToolDenied: Story = {
  args: { parts: [tool('output-denied')] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.sluice-tool-badge')?.textContent).toBe('Denied');
  },
};

export const Sources: Story = {
  args: {
    parts: [
      { type: 'text', id: 't1', text: 'Oslo averages -4 °C in January.', state: 'done' },
      { type: 'source', id: 's1', url: 'https://example.com/climate/oslo', title: 'Oslo climate' },
      { type: 'source', id: 's2', url: 'javascript:alert(1)', title: 'Not a link' },
      { type: 'source', id: 's3', title: 'A document without a URL' },
    ],
  },
  play: async ({ canvasElement }) => {
    const links = [...answer(canvasElement).querySelectorAll('.sluice-sources a')];
    await expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/climate/oslo']);
    await expect(within(answer(canvasElement)).getByText('Not a link').tagName).toBe('SPAN');
  },
};

export const Files: Story = {
  args: {
    allowImages: true,
    parts: [
      { type: 'file', id: 'f1', url: 'https://example.com/map.png', mediaType: 'image/png' },
      { type: 'file', id: 'f2', url: 'https://example.com/itinerary.pdf', mediaType: 'application/pdf' },
      { type: 'file', id: 'f3', url: 'data:image/png;base64,AAAA', mediaType: 'image/png' },
    ],
  },
  play: async ({ canvasElement }) => {
    const row = answer(canvasElement);
    await expect([...row.querySelectorAll('img')].map((image) => image.getAttribute('src'))).toEqual(['https://example.com/map.png']);
    await expect([...row.querySelectorAll('a.sluice-file')].map((link) => link.getAttribute('href'))).toEqual(['https://example.com/itinerary.pdf']);
  },
};

export const DataThroughRenderPart: Story = {
  args: { parts: [{ type: 'data', id: 'd1', name: 'weather', data: { city: 'Oslo', celsius: -4 } }] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('.weather-card')?.textContent).toBe('Oslo: -4 °C');
  },
};

export const MarkdownTableMidStream: Story = {
  args: { phase: 'streaming', parts: [{ type: 'text', id: 't1', text: 'Packing list:\n\n| item | count |\n| --- | --- |\n| socks | 6 |\n| gloves | 2', state: 'streaming' }] },
  play: async ({ canvasElement }) => {
    const row = answer(canvasElement);
    await expect(row.querySelector('table')).not.toBeNull();
    await expect(row.querySelector('.sluice-message-body')?.textContent).not.toContain('|');
  },
};

export const MarkdownUnclosedFence: Story = {
  args: { phase: 'streaming', parts: [{ type: 'text', id: 't1', text: 'Run this:\n\n```sh\nbrew install sluice\nsluice --help', state: 'streaming' }] },
  play: async ({ canvasElement }) => {
    await expect(answer(canvasElement).querySelector('pre code')?.textContent).toContain('sluice --help');
  },
};

const paragraph = 'A long answer keeps streaming: **bold words**, `inline code`, and [a link](https://example.com/docs) in every paragraph. ';
const hundredKilobytes = Array.from({ length: 1000 }, (_, index) =>
  index % 20 === 0 ? `## Section ${index / 20 + 1}` : index % 7 === 0 ? '```ts\nconst total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);\n```' : paragraph,
).join('\n\n');

export const MarkdownHundredKilobytes: Story = {
  args: { parts: [{ type: 'text', id: 't1', text: hundredKilobytes, state: 'done' }] },
  play: async ({ canvasElement }) => {
    await expect(hundredKilobytes.length).toBeGreaterThan(100_000);
    await expect((await renderedAnswer(canvasElement)).querySelectorAll('h2').length).toBe(50);
  },
};

const xssVectors = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
];

export const MarkdownXssVectors: Story = {
  args: { allowImages: true, parts: [{ type: 'text', id: 't1', text: xssVectors.join('\n\n'), state: 'done' }] },
  play: async ({ canvasElement }) => {
    const row = await renderedAnswer(canvasElement);
    await expect(row.querySelector('script')).toBeNull();
    for (const element of row.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        await expect(attribute.name.startsWith('on')).toBe(false);
        if (attribute.name === 'href' || attribute.name === 'src') await expect(attribute.value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
    }
    // Raw HTML is shown as text.
    await expect(row.textContent).toContain('<script>alert(1)</script>');
  },
};
