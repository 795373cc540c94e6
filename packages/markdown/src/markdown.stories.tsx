import type { Meta, StoryObj } from '@storybook/react-vite';
import { createElement, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import type { Highlight } from './code-block.js';
import { Markdown } from './markdown.js';

const meta = {
  title: 'Markdown',
  component: Markdown,
  args: { text: '', streaming: false, allowImages: false },
} satisfies Meta<typeof Markdown>;

export default meta;
type Story = StoryObj<typeof meta>;

const gfmSample = `# Release notes

Streaming **markdown** with *emphasis*, \`code\`, ~~old~~ new text, [a link](https://example.com) and www.example.org.

- [x] tables with alignment
- [ ] task lists
  - nested items

| feature | left | right |
| :-- | :-: | --: |
| tables | yes | 1 |
| tasks | yes | 2 |

> A quote, with a [relative link](/docs).

\`\`\`ts
const stream = createTokenStream({ url: '/api/chat' });
\`\`\`
`;

export const GitHubFlavored: Story = {
  args: { text: gfmSample },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1, name: 'Release notes' })).toBeVisible();
    await expect(canvas.getByRole('table')).toBeVisible();
    await expect(canvas.getByRole('columnheader', { name: 'right' })).toHaveStyle({ textAlign: 'right' });
    const boxes = canvas.getAllByRole('checkbox');
    await expect(boxes).toHaveLength(2);
    for (const box of boxes) await expect(box).toBeDisabled();
    await expect(canvas.getByRole('link', { name: 'a link' })).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(canvasElement.querySelector('code.language-ts')).not.toBeNull();
  },
};

/** Feeds `text` to `<Markdown streaming>` a few characters at a time, then finishes it. */
function StreamedMarkdown({ text, charactersPerTick = 7, highlight }: { text: string; charactersPerTick?: number; highlight?: Highlight }): ReactNode {
  const [end, setEnd] = useState(0);
  useEffect(() => {
    if (end >= text.length) return;
    const timer = setTimeout(() => setEnd((current) => Math.min(text.length, current + charactersPerTick)), 16);
    return () => clearTimeout(timer);
  }, [end, text, charactersPerTick]);
  const done = end >= text.length;
  return (
    <div data-streaming={!done}>
      <Markdown text={text.slice(0, end)} streaming={!done} highlight={highlight} />
    </div>
  );
}

export const Streaming: Story = {
  render: () => <StreamedMarkdown text={gfmSample} />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-streaming="false"]')).not.toBeNull(), { timeout: 15_000 });
    await expect(within(canvasElement).getByRole('table')).toBeVisible();
  },
};

export const TableMidStream: Story = {
  name: 'Table mid-stream (header held back)',
  args: { text: 'The figures:\n\n| metric | value |\n| --', streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.textContent).toBe('The figures:');
  },
};

export const SetextMidStream: Story = {
  name: 'Setext underline mid-stream (held back)',
  args: { text: 'Is this a heading?\n-', streaming: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('heading')).toBeNull();
    await expect(canvasElement.textContent).toBe('Is this a heading?');
  },
};

export const OpenLinkMidStream: Story = {
  name: 'Link with an open destination mid-stream',
  args: { text: 'Read [the design notes](https://example.com/des', streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.textContent).toBe('Read ');
  },
};

export const UnclosedFence: Story = {
  args: { text: 'Here is the code:\n\n```py\nfor token in stream:\n    print(token)', streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('pre code.language-py')?.textContent).toBe('for token in stream:\n    print(token)');
  },
};

const xssVectors = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](&#106;avascript:alert(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
].join('\n\n');

export const XssVectors: Story = {
  name: 'XSS vectors render harmlessly',
  args: { text: xssVectors, allowImages: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('a, img, script, iframe')).toHaveLength(0);
    for (const element of canvasElement.querySelectorAll('*')) {
      for (const attribute of element.attributes) await expect(attribute.name.startsWith('on')).toBe(false);
    }
    await expect(canvasElement.textContent).toContain('<img src=x onerror=alert(1)>');
  },
};

export const Images: Story = {
  args: { text: 'Allowed: ![a gray square](https://placehold.co/40x40/gray/gray.png)\n\nRefused: ![a data image](data:image/png;base64,AAAA)', allowImages: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('img')).toHaveLength(1);
    await expect(canvasElement.textContent).toContain('a data image');
  },
};

/** The parts of a hast tree (lowlight's output) that a highlighter produces. */
type HastNode = { type: 'text'; value: string } | { type: 'element'; tagName: string; properties?: { className?: string[] }; children: HastNode[] } | { type: 'root'; children: HastNode[] };

/** Renders lowlight's tree as React elements: never its HTML string. */
function fromHast(node: HastNode, key: number): ReactNode {
  if (node.type === 'text') return node.value;
  const children = node.children.map((child, index) => fromHast(child, index));
  if (node.type === 'root') return children;
  return createElement(node.tagName, { key, className: node.properties?.className?.join(' ') }, children);
}

let lowlightLoading: Promise<ReturnType<typeof import('lowlight').createLowlight>> | undefined;

/** Loads lowlight and one grammar once, the first time a settled code block asks for them. */
function loadLowlight() {
  lowlightLoading ??= Promise.all([import('lowlight'), import('highlight.js/lib/languages/typescript')]).then(([{ createLowlight }, { default: typescript }]) => {
    const lowlight = createLowlight();
    lowlight.register('ts', typescript);
    return lowlight;
  });
  return lowlightLoading;
}

const highlightWithLowlight: Highlight = async (code, language) => {
  const lowlight = await loadLowlight();
  if (language === undefined || !lowlight.registered(language)) return code;
  return fromHast(lowlight.highlight(language, code) as HastNode, 0);
};

const codeAnswer = 'A settled fence is highlighted, the streaming one is not:\n\n```ts\nconst answer: number = 42;\nexport function ask(question: string) {\n  return `${question}? ${answer}`;\n}\n```\n\nDone.';

export const HighlightedCode: Story = {
  name: 'Highlighted code (lowlight, loaded lazily)',
  render: () => <StreamedMarkdown text={codeAnswer} highlight={highlightWithLowlight} charactersPerTick={5} />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-streaming="false"]')).not.toBeNull(), { timeout: 15_000 });
    // The first import of the highlighter can take a while on a cold dev server.
    await waitFor(() => expect(canvasElement.querySelector('code.language-ts .hljs-keyword')).not.toBeNull(), { timeout: 15_000 });
    await expect(canvasElement.querySelector('code.language-ts')?.textContent).toContain('const answer: number = 42;');
  },
};

function longAnswer(size: number): string {
  const section = (index: number) =>
    `## Part ${index}\n\nSome **prose** with [a link](https://example.com/${index}).\n\n- one\n- two\n\n| a | b |\n| - | - |\n| ${index} | ${index * 2} |\n\n\`\`\`ts\nconst part = ${index};\n\`\`\`\n\n`;
  let text = '';
  for (let index = 1; text.length < size; index += 1) text += section(index);
  return text;
}

export const HundredKilobyteAnswer: Story = {
  name: 'A 100 KB answer, streamed',
  render: () => <StreamedMarkdown text={longAnswer(100 * 1024)} charactersPerTick={800} />,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-streaming="false"]')).not.toBeNull(), { timeout: 25_000 });
    await expect(canvasElement.querySelectorAll('table').length).toBeGreaterThan(100);
  },
};
