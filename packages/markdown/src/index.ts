export { Markdown } from './markdown.js';
export type { MarkdownProps } from './markdown.js';
export { markdownBlock, createMarkdownBlock } from './markdown-block.js';
export type { MarkdownBlockOptions, MarkdownBlockSource } from './markdown-block.js';
export type { Highlight } from './code-block.js';
