import type { ReactNode } from 'react';
import type { Highlight } from './code-block';
import { Markdown } from './markdown';

/** What `markdownBlock` reads of a block: `TranscriptBlock` from `@sluice/react` has it. */
export interface MarkdownBlockSource {
  /** The block's exact source, fences included. */
  source: string;
}

/** Options of {@link createMarkdownBlock}; the same as `<Markdown>`'s. */
export interface MarkdownBlockOptions {
  /** @defaultValue false */
  allowImages?: boolean;
  /** @defaultValue undefined (no highlighting) */
  highlight?: Highlight;
  /** @defaultValue undefined (no `target` attribute) */
  linkTarget?: string;
}

/**
 * A `renderBlock` that renders each block as markdown, with options. Create it once (outside
 * the component, or in `useMemo`): a new function per render re-renders every block.
 * @example
 * const renderBlock = createMarkdownBlock({ allowImages: true });
 * <Transcript messages={messages} renderBlock={renderBlock} />
 */
export function createMarkdownBlock(options: MarkdownBlockOptions = {}): (block: MarkdownBlockSource, index: number) => ReactNode {
  return function renderMarkdownBlock(block) {
    return <Markdown text={block.source} allowImages={options.allowImages} highlight={options.highlight} linkTarget={options.linkTarget} />;
  };
}

/**
 * Renders one block of `<Transcript>` or `<StreamText>` as markdown, with the safe defaults.
 * Each block is one markdown document: a list or table that a blank line splits into two
 * blocks renders as two, and a reference definition applies within its own block only.
 * @example <Transcript messages={messages} renderBlock={markdownBlock} />
 */
export const markdownBlock: (block: MarkdownBlockSource, index: number) => ReactNode = createMarkdownBlock();
