/**
 * How long one commit may spend rendering blocks that are new to the screen before the rest of
 * them wait for a later frame.
 *
 * A flush can bring many settled blocks at once (a burst, a stretched frame interval, a history
 * row scrolled into view), and a `renderBlock` can be expensive (markdown, syntax
 * highlighting): measured with a 10 ms renderer, one flush rendered ten new blocks in one
 * ~100 ms task, and key presses waited for it. So a commit renders new blocks with
 * `renderBlock` only while it is within this budget; the others show as plain text (nothing
 * is hidden or lost) and get their rich rendering in the frames that follow, one budget each.
 *
 * The budget is wall-clock time since the commit rendered its first new block. React renders
 * depth first, so that time includes the components a `renderBlock` returns, not only the call
 * itself. React renders and commits a flush in one task, and a microtask queued during it runs
 * after the commit, which is when the next commit's window opens.
 */
import { getSharedFrameClock } from '@sluice/core';

const budgetMs = 8;

let windowStart: number | undefined;

function closeWindow(): void {
  windowStart = undefined;
}

/**
 * Whether the current commit still has time to render one more new block richly. The first
 * block a commit renders always does, so every retry round makes progress.
 */
export function commitHasRoomForBlock(): boolean {
  const now = performance.now();
  if (windowStart === undefined) {
    windowStart = now;
    queueMicrotask(closeWindow);
    return true;
  }
  return now - windowStart < budgetMs;
}

/*
 * Pending blocks try again in retry rounds on the shared frame clock, in the same frame callback
 * as the stream flushes. They subscribe like a store (`useSyncExternalStore`), so React renders
 * a round in the same commit as that frame's flush: a plain state update from the clock would
 * get a lower priority than the stores' and commit separately, a second commit in the frame.
 */
let retryRound = 0;
const pendingBlocks = new Set<() => void>();
let withdrawRound: (() => void) | undefined;

/*
 * A round wakes only the oldest pending blocks: the others would render their placeholder again
 * for nothing (a 100 KB markdown message has ~1,000 blocks), and a Set keeps insertion order,
 * so blocks get their turn first come, first served.
 */
const blocksWokenPerRound = 64;

function runRetryRound(): void {
  withdrawRound = undefined;
  retryRound += 1;
  let woken = 0;
  for (const retry of pendingBlocks) {
    if (woken === blocksWokenPerRound) break;
    woken += 1;
    retry();
  }
  // Blocks still over budget stay subscribed; those rendered leave in this round's commit.
  if (pendingBlocks.size > 0) withdrawRound = getSharedFrameClock().request(runRetryRound);
}

export function subscribeToBlockRetries(retry: () => void): () => void {
  pendingBlocks.add(retry);
  withdrawRound ??= getSharedFrameClock().request(runRetryRound);
  return () => {
    pendingBlocks.delete(retry);
    if (pendingBlocks.size === 0) {
      withdrawRound?.();
      withdrawRound = undefined;
    }
  };
}

export function getBlockRetryRound(): number {
  return retryRound;
}
