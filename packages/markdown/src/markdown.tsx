import { memo, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Highlight } from './code-block.js';
import { chunkSize, createIncrementalMarkdown } from './incremental-markdown.js';
import type { MarkdownBlock } from './incremental-markdown.js';
import { renderBlockToken } from './render-tokens.js';
import type { RenderOptions } from './render-tokens.js';

export interface MarkdownProps {
  /** The markdown source. While `streaming`, each new value is expected to extend the previous one. */
  text: string;
  /**
   * The text is still arriving: only its tail is lexed again per update, ambiguous endings are
   * held back, and code blocks are highlighted once they are settled. Set it to `false` when
   * the text is complete: it then renders exactly as the parser reads the whole text.
   * @defaultValue false
   */
  streaming?: boolean;
  /**
   * Render images (`![alt](src)`) whose `src` is an absolute `http:` or `https:` URL. Otherwise,
   * and for every other URL, the alt text shows as text.
   * @defaultValue false
   */
  allowImages?: boolean;
  /**
   * Highlights a settled code block; may return a promise (import the highlighter inside it to
   * load it lazily). The streaming tail is never highlighted. Pass a stable function (defined
   * outside the component): a new one re-renders and re-highlights every block.
   * @defaultValue undefined (code renders as plain text)
   */
  highlight?: Highlight;
  /**
   * The `target` of every link, e.g. `'_blank'`. Links always carry `rel="noopener noreferrer"`.
   * @defaultValue undefined (no `target` attribute)
   */
  linkTarget?: string;
  /**
   * The class of the wrapping `<div>`.
   * @defaultValue 'sluice-markdown'
   */
  className?: string;
}

interface BlockViewProps {
  block: MarkdownBlock;
  index: number;
  options: RenderOptions;
}

const BlockView = memo(
  function BlockView({ block, index, options }: BlockViewProps) {
    return renderBlockToken(block.token, index, options);
  },
  // A block renders from its source and the definitions it was lexed with, so an equal
  // source (from a later lex of the same text) renders nothing new.
  (previous, next) =>
    previous.options === next.options && previous.block.definitions === next.block.definitions && previous.block.token.raw === next.block.token.raw,
);

interface BlockGroupProps {
  start: number;
  settled: readonly MarkdownBlock[];
  live: readonly MarkdownBlock[];
  settledOptions: RenderOptions;
  liveOptions: RenderOptions;
}

function sameBlocks(previous: readonly MarkdownBlock[], next: readonly MarkdownBlock[]): boolean {
  if (previous === next) return true;
  if (previous.length !== next.length) return false;
  return previous.every(
    (block, index) => block.definitions === next[index]?.definitions && block.token.raw === next[index]?.token.raw,
  );
}

/**
 * A group of up to 32 blocks in one element. A group that did not change is skipped as one
 * element, and the browser lays it out from cache as one box, so a frame's work follows the
 * new text rather than the length of the answer. The live tail shares the last group, so a
 * block that settles keeps its DOM node.
 */
const BlockGroup = memo(
  function BlockGroup({ start, settled, live, settledOptions, liveOptions }: BlockGroupProps) {
    const views: ReactNode[] = [];
    settled.forEach((block, offset) => {
      views.push(<BlockView key={start + offset} block={block} index={start + offset} options={settledOptions} />);
    });
    live.forEach((block, offset) => {
      const index = start + settled.length + offset;
      views.push(<BlockView key={index} block={block} index={index} options={liveOptions} />);
    });
    return <div className="sluice-markdown-group">{views}</div>;
  },
  (previous, next) =>
    previous.start === next.start &&
    previous.settledOptions === next.settledOptions &&
    previous.liveOptions === next.liveOptions &&
    sameBlocks(previous.settled, next.settled) &&
    sameBlocks(previous.live, next.live),
);

const noBlocks: readonly MarkdownBlock[] = [];

/**
 * Renders markdown as React elements: never an HTML string. Raw HTML shows as text; links only
 * for `http:`, `https:`, `mailto:` and relative URLs; images only with `allowImages`. Works
 * under server rendering.
 * @example
 * <Markdown text={snapshot.text} streaming={phase === 'streaming'} />
 */
export function Markdown({ text, streaming = false, allowImages = false, highlight, linkTarget, className = 'sluice-markdown' }: MarkdownProps): ReactNode {
  // One lexer per component: it remembers what settled, and answers the same text from cache.
  const [incremental] = useState(createIncrementalMarkdown);
  const view = incremental.update(text, streaming);
  const settledOptions = useMemo<RenderOptions>(() => ({ allowImages, linkTarget, highlight }), [allowImages, linkTarget, highlight]);
  const liveOptions = useMemo<RenderOptions>(() => ({ allowImages, linkTarget, highlight: undefined }), [allowImages, linkTarget]);

  const groups: ReactNode[] = [];
  let start = 0;
  let live = view.live;
  view.settled.forEach((settled, index) => {
    const isLast = index === view.settled.length - 1;
    // The tail fills the last settled group before it starts a group of its own.
    const shared = isLast ? live.slice(0, chunkSize - settled.length) : noBlocks;
    if (isLast) live = live.slice(shared.length);
    groups.push(<BlockGroup key={start} start={start} settled={settled} live={shared} settledOptions={settledOptions} liveOptions={liveOptions} />);
    start += settled.length + shared.length;
  });
  for (let offset = 0; offset < live.length; offset += chunkSize) {
    const part = live.slice(offset, offset + chunkSize);
    groups.push(<BlockGroup key={start} start={start} settled={noBlocks} live={part} settledOptions={settledOptions} liveOptions={liveOptions} />);
    start += part.length;
  }
  return <div className={className}>{groups}</div>;
}
