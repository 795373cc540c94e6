import { useState } from 'react';
import type { StreamPhase, StreamSnapshot, TokenStream } from '@sluice/core';
import { createBlockSplitter } from './split-blocks';
import type { BlockSplitter, TranscriptBlock } from './split-blocks';

// Strings, not StreamPhase: 'reconnecting' (DESIGN.md "Resume and reconnect") is live too, and
// this keeps compiling whether or not the core's phase type names it yet.
const livePhases: ReadonlySet<string> = new Set(['connecting', 'streaming', 'reconnecting']);

/** True while a run may still add text: the phases in which a renderer shows `aria-busy`. */
export function isLivePhase(phase: StreamPhase | null | undefined): boolean {
  return phase != null && livePhases.has(phase);
}

/** A component's splitter and the stream phase it last split for. */
interface SplitState {
  splitter: BlockSplitter;
  phase: StreamPhase | null;
}

function createSplitState(): SplitState {
  return { splitter: createBlockSplitter(), phase: null };
}

/**
 * The blocks of a streaming text. Never reads `snapshot.text` itself (see `splitAppended`): only
 * what the stream appended since the last frame, via `readText`.
 */
function blocksOfStream(state: SplitState, snapshot: StreamSnapshot, stream: TokenStream): readonly TranscriptBlock[] {
  // A run that starts after a settled one may already be longer than it: start over.
  if (state.phase !== null && !isLivePhase(state.phase) && isLivePhase(snapshot.phase)) state.splitter.reset();
  state.phase = snapshot.phase;
  return state.splitter.splitAppended(snapshot.text, (start, end) => stream.readText(start, end));
}

/** The blocks of a text that no run is feeding (no stream, or an idle one). */
function blocksOfText(state: SplitState, text: string): readonly TranscriptBlock[] {
  // The next live phase starts a new run, so the splitter resets then.
  state.phase = 'idle';
  return state.splitter.split(text);
}

/**
 * Splits what a component shows into blocks, reusing settled blocks (same objects) from frame
 * to frame so `memo` skips them. While `stream` has a run, its text is read incrementally;
 * otherwise `fallbackText` is split (a transcript message that is not, or no longer, live).
 * The splitter survives the switch from live to settled, so the final text is not split again.
 */
export function useStreamedBlocks(
  stream: TokenStream | undefined,
  snapshot: StreamSnapshot | null,
  fallbackText: string,
): readonly TranscriptBlock[] {
  const [state] = useState(createSplitState);
  return stream && snapshot && snapshot.phase !== 'idle'
    ? blocksOfStream(state, snapshot, stream)
    : blocksOfText(state, fallbackText);
}
