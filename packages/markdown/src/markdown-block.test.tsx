import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createMarkdownBlock, markdownBlock } from './markdown-block.js';

/** The block shape and slot type of `<Transcript renderBlock>` / `<StreamText renderBlock>` in @sluice/react. */
interface TranscriptBlock {
  kind: 'paragraph' | 'code';
  text: string;
  language?: string;
  source: string;
}
type RenderBlock = (block: TranscriptBlock, index: number) => ReactNode;

describe('markdownBlock', () => {
  it('plugs into renderBlock and renders a block source as markdown', () => {
    const renderBlock: RenderBlock = markdownBlock;
    const paragraph: TranscriptBlock = { kind: 'paragraph', text: 'Some **bold** [x](javascript:alert(1))', source: 'Some **bold** [x](javascript:alert(1))\n' };
    expect(renderToStaticMarkup(renderBlock(paragraph, 0))).toBe(
      '<div class="sluice-markdown"><div class="sluice-markdown-group"><p>Some <strong>bold</strong> x</p></div></div>',
    );
    const code: TranscriptBlock = { kind: 'code', text: 'a < b', language: 'ts', source: '```ts\na < b\n```\n' };
    expect(renderToStaticMarkup(renderBlock(code, 1))).toContain('<pre><code class="language-ts">a &lt; b</code></pre>');
  });

  it('highlights a code block only once its closing fence has arrived', () => {
    const renderBlock: RenderBlock = createMarkdownBlock({ highlight: (code) => <mark>{code}</mark> });
    const open: TranscriptBlock = { kind: 'code', text: 'a\nb', language: 'ts', source: '```ts\na\nb' };
    const closing: TranscriptBlock = { kind: 'code', text: 'a', language: 'ts', source: '```ts\na\n```' };
    const closed: TranscriptBlock = { kind: 'code', text: 'a', language: 'ts', source: '```ts\na\n```\n' };
    expect(renderToStaticMarkup(renderBlock(open, 0))).toContain('<code class="language-ts">a\nb</code>');
    // A finished message often ends right after its closing fence.
    expect(renderToStaticMarkup(renderBlock(closing, 0))).toContain('<code class="language-ts"><mark>a</mark></code>');
    expect(renderToStaticMarkup(renderBlock(closed, 0))).toContain('<code class="language-ts"><mark>a</mark></code>');
  });

  it('passes options through createMarkdownBlock', () => {
    const renderBlock: RenderBlock = createMarkdownBlock({ allowImages: true, linkTarget: '_blank' });
    const block: TranscriptBlock = { kind: 'paragraph', text: '', source: '![cat](https://example.com/c.png) [a](https://example.com)' };
    const markup = renderToStaticMarkup(renderBlock(block, 0));
    expect(markup).toContain('<img src="https://example.com/c.png" alt="cat"');
    expect(markup).toContain('target="_blank"');
  });
});
