import { memo, useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { CSSProperties, ReactNode, RefObject } from 'react';
import { commitHasRoomForBlock, getBlockRetryRound, subscribeToBlockRetries } from './block-render-budget.js';
import type { RenderBlock } from './render-slots.js';
import type { TranscriptBlock } from './split-blocks.js';
import { useIsHydrated } from './use-is-hydrated.js';

/**
 * Blocks are grouped in fixed-size chunks, each in its own element. A chunk whose blocks did
 * not change is skipped by `memo` as one element, and the browser lays it out from cache as one
 * box: with 2,500 paragraphs as direct siblings, Chromium spent ~4 ms per flush re-laying out
 * the siblings of the growing one; grouped, ~0.3 ms. So a flush of a 1 MB message costs about
 * what a 10 KB one does.
 */
const chunkSize = 32;

/*
 * A long text is mostly off screen: the browser skips laying out settled groups it cannot see.
 * Inline rather than in styles.css so `<StreamText>` keeps this without the kit's stylesheet.
 * Every group carries `contain-intrinsic-size: auto …`, the growing one too, so Chromium
 * remembers each group's real height while it is laid out and a skipped group keeps it (the
 * scroll height does not jump); 480px is only the guess for a group never laid out.
 */
const growingGroupStyle: CSSProperties = { containIntrinsicSize: 'auto 480px' };
const settledGroupStyle: CSSProperties = { contentVisibility: 'auto', containIntrinsicSize: 'auto 480px' };

/**
 * The default look of a block: text nodes only, never HTML. Also what a block shows while its
 * `renderBlock` waits for a later frame (`data-sluice-pending`).
 */
function DefaultBlock({ block, pendingRef }: { block: TranscriptBlock; pendingRef?: RefObject<HTMLElement | null> }): ReactNode {
  const pendingMark = pendingRef ? '' : undefined;
  if (block.kind === 'code') {
    return (
      <pre className="sluice-block sluice-code" data-sluice-pending={pendingMark} ref={pendingRef as RefObject<HTMLPreElement | null> | undefined}>
        <code data-language={block.language}>{block.text}</code>
      </pre>
    );
  }
  return (
    <p className="sluice-block sluice-paragraph" data-sluice-pending={pendingMark} ref={pendingRef as RefObject<HTMLParagraphElement | null> | undefined}>
      {block.text}
    </p>
  );
}

interface BlockViewProps {
  block: TranscriptBlock;
  index: number;
  renderBlock: RenderBlock | undefined;
  /**
   * This block may show as plain text first when the commit is over its budget: false for the
   * growing last block (it is already on screen) and during hydration (the markup must match).
   */
  deferrable: boolean;
}

function RichBlockView({ block, index, renderBlock, deferrable }: BlockViewProps & { renderBlock: RenderBlock }): ReactNode {
  // Once rendered by `renderBlock`, a block stays so: going back to plain text would flicker.
  // Read during render on purpose: it only ever turns true, in the effect after a rich commit,
  // and a state for it would render every block a second time just to record that.
  const shownRich = useRef(false);
  // Asked by every block, not only new ones: a settled block rendered again (the tail that just
  // ended) spends the commit's budget too.
  const room = commitHasRoomForBlock();
  // eslint-disable-next-line react-hooks/refs -- see above
  const rich = shownRich.current || !deferrable || room;
  // A pending block renders again when a retry round wakes it (those on screen first), and
  // tries the budget again.
  const placeholder = useRef<HTMLElement | null>(null);
  const subscribeWhilePending = useCallback((retry: () => void) => subscribeToBlockRetries(retry, placeholder.current), []);
  useSyncExternalStore(rich ? subscribeToNothing : subscribeWhilePending, getBlockRetryRound, getBlockRetryRound);
  useEffect(() => {
    if (rich) shownRich.current = true;
  }, [rich]);
  return rich ? renderBlock(block, index) : <DefaultBlock block={block} pendingRef={placeholder} />;
}

const subscribeToNothing = () => () => {};

// `deferrable` only matters when a block first shows; a change of it alone renders nothing again.
function sameBlockView(previous: BlockViewProps, next: BlockViewProps): boolean {
  return previous.block === next.block && previous.index === next.index && previous.renderBlock === next.renderBlock;
}

const BlockView = memo(function BlockView(props: BlockViewProps) {
  return props.renderBlock ? <RichBlockView {...props} renderBlock={props.renderBlock} /> : <DefaultBlock block={props.block} />;
}, sameBlockView);

interface BlockChunkProps {
  blocks: readonly TranscriptBlock[];
  start: number;
  end: number;
  /** No later block can change this group: it is not the last one. */
  settled: boolean;
  renderBlock: RenderBlock | undefined;
  /** Read by blocks that show for the first time; a change of it alone renders nothing again. */
  hydrated: boolean;
}

function sameChunk(previous: BlockChunkProps, next: BlockChunkProps): boolean {
  if (
    previous.start !== next.start ||
    previous.end !== next.end ||
    previous.settled !== next.settled ||
    previous.renderBlock !== next.renderBlock
  ) {
    return false;
  }
  for (let index = next.start; index < next.end; index += 1) {
    if (previous.blocks[index] !== next.blocks[index]) return false;
  }
  return true;
}

const BlockChunk = memo(function BlockChunk({ blocks, start, end, settled, renderBlock, hydrated }: BlockChunkProps) {
  const views: ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    const block = blocks[index];
    const deferrable = hydrated && index < blocks.length - 1;
    if (block) views.push(<BlockView key={index} block={block} index={index} renderBlock={renderBlock} deferrable={deferrable} />);
  }
  return (
    <div className="sluice-block-group" style={settled ? settledGroupStyle : growingGroupStyle}>
      {views}
    </div>
  );
}, sameChunk);

/** The blocks of one message. */
export function MessageBlocks({ blocks, renderBlock }: { blocks: readonly TranscriptBlock[]; renderBlock: RenderBlock | undefined }): ReactNode {
  const hydrated = useIsHydrated();
  const chunks: ReactNode[] = [];
  for (let start = 0; start < blocks.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, blocks.length);
    chunks.push(
      <BlockChunk key={start} blocks={blocks} start={start} end={end} settled={end < blocks.length} renderBlock={renderBlock} hydrated={hydrated} />,
    );
  }
  return chunks;
}
