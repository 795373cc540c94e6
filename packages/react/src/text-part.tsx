import type { ReactNode } from 'react';
import type { TextPart, TokenStream } from '@sluice/core';
import { MessageBlocks } from './message-blocks.js';
import type { RenderBlock } from './render-slots.js';
import { usePartBlocks } from './use-part-blocks.js';

interface TextPartViewProps {
  part: TextPart;
  stream: TokenStream | undefined;
  renderBlock: RenderBlock | undefined;
}

/** A text part as blocks (markdown when `renderBlock` is a markdown renderer); a refusal is marked as one. */
export function TextPartView({ part, stream, renderBlock }: TextPartViewProps): ReactNode {
  const blocks = usePartBlocks(part, stream);
  return (
    <div className={part.refusal ? 'sluice-part sluice-part--text sluice-refusal' : 'sluice-part sluice-part--text'} data-part-state={part.state}>
      <MessageBlocks blocks={blocks} renderBlock={renderBlock} />
    </div>
  );
}
