import { useState } from 'react';
import type { ReasoningPart, TextPart, TokenStream } from '@sluice/core';
import { createBlockSplitter } from './split-blocks.js';
import type { TranscriptBlock } from './split-blocks.js';

/**
 * The blocks of a text or reasoning part, reusing settled blocks (same objects) from frame to
 * frame so `memo` skips them. A part's text only grows under its id, so the splitter reads
 * just what was appended: from the store (`readPartText`, which never flattens a long text)
 * while a stream feeds the part, else from the part itself.
 */
export function usePartBlocks(part: TextPart | ReasoningPart, stream: TokenStream | undefined): readonly TranscriptBlock[] {
  const [splitter] = useState(createBlockSplitter);
  const readText = stream
    ? (start: number, end: number) => stream.readPartText(part.id, start, end)
    : (start: number, end: number) => part.text.slice(start, end);
  return splitter.append(part.text.length, readText);
}
