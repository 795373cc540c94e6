import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from '../markdown.js';
import type { MarkdownProps } from '../markdown.js';

/**
 * `<Markdown>` as static markup without its wrapper and block-group elements: the blocks alone,
 * so a test compares them exactly whatever the grouping (a layout detail, see markdown.tsx).
 */
export function renderBlocks(text: string, props: Partial<MarkdownProps> = {}): string {
  return renderToStaticMarkup(<Markdown text={text} {...props} />)
    .replaceAll('<div class="sluice-markdown-group">', '')
    .replace(/^<div class="sluice-markdown">/, '')
    .replaceAll('</div>', '');
}
