export { Markdown } from './markdown';
export type { MarkdownProps } from './markdown';
export { markdownBlock, createMarkdownBlock } from './markdown-block';
export type { MarkdownBlockOptions, MarkdownBlockSource } from './markdown-block';
export type { Highlight } from './code-block';
