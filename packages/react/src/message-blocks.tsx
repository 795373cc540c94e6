import { memo } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import type { RenderBlock } from './render-slots.js';
import type { TranscriptBlock } from './split-blocks.js';

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

/** The default look of a block: text nodes only, never HTML. */
export function DefaultBlock({ block }: { block: TranscriptBlock }): ReactNode {
  if (block.kind === 'code') {
    return (
      <pre className="sluice-block sluice-code">
        <code data-language={block.language}>{block.text}</code>
      </pre>
    );
  }
  return <p className="sluice-block sluice-paragraph">{block.text}</p>;
}

interface BlockViewProps {
  block: TranscriptBlock;
  index: number;
  renderBlock: RenderBlock | undefined;
}

const BlockView = memo(function BlockView({ block, index, renderBlock }: BlockViewProps) {
  return renderBlock ? renderBlock(block, index) : <DefaultBlock block={block} />;
});

interface BlockChunkProps {
  blocks: readonly TranscriptBlock[];
  start: number;
  end: number;
  /** No later block can change this group: it is not the last one. */
  settled: boolean;
  renderBlock: RenderBlock | undefined;
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

const BlockChunk = memo(function BlockChunk({ blocks, start, end, settled, renderBlock }: BlockChunkProps) {
  const views: ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    const block = blocks[index];
    if (block) views.push(<BlockView key={index} block={block} index={index} renderBlock={renderBlock} />);
  }
  return (
    <div className="sluice-block-group" style={settled ? settledGroupStyle : growingGroupStyle}>
      {views}
    </div>
  );
}, sameChunk);

/** The blocks of one message. */
export function MessageBlocks({ blocks, renderBlock }: { blocks: readonly TranscriptBlock[]; renderBlock: RenderBlock | undefined }): ReactNode {
  const chunks: ReactNode[] = [];
  for (let start = 0; start < blocks.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, blocks.length);
    chunks.push(
      <BlockChunk key={start} blocks={blocks} start={start} end={end} settled={end < blocks.length} renderBlock={renderBlock} />,
    );
  }
  return chunks;
}
