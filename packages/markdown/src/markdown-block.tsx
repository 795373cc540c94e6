import type { ReactNode } from 'react';
import type { Highlight } from './code-block.js';
import { Markdown } from './markdown.js';

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
    return (
      <Markdown
        text={block.source}
        // A block does not say whether it is the streaming tail, but a fence without its closing
        // line may still grow: it renders as streaming, so it is not highlighted yet.
        streaming={isOpenFence(block.source)}
        allowImages={options.allowImages}
        highlight={options.highlight}
        linkTarget={options.linkTarget}
      />
    );
  };
}

const fenceOpening = /^ {0,3}(`{3,}|~{3,})/;

/** A block that opens a fence and has no closing fence line yet. */
function isOpenFence(source: string): boolean {
  const fence = fenceOpening.exec(source)?.[1];
  if (fence === undefined) return false;
  const lines = source.split('\n');
  // A closing line counts before its line break: a finished message often ends right after it,
  // and the rare closing "```" that grows into an opening "```x" would be highlighted once early.
  for (let index = 1; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    if (line.length >= fence.length && [...line].every((character) => character === fence[0])) return false;
  }
  return true;
}

/**
 * Renders one block of `<Transcript>` or `<StreamText>` as markdown, with the safe defaults.
 * Each block is one markdown document: a list or table that a blank line splits into two
 * blocks renders as two, and a reference definition applies within its own block only. A code
 * block is highlighted (with `createMarkdownBlock({ highlight })`) once its closing fence arrived.
 * @example <Transcript messages={messages} renderBlock={markdownBlock} />
 */
export const markdownBlock: (block: MarkdownBlockSource, index: number) => ReactNode = createMarkdownBlock();
