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
/** Insertion order is arrival order: blocks get their turn first come, first served... */
const pendingBlocks = new Set<() => void>();
/** ...except that blocks on screen (or about to be) go first: a long settled message opens at its end. */
const pendingOnScreen = new Set<() => void>();
const retryOfPlaceholder = new WeakMap<Element, () => void>();
let withdrawRound: (() => void) | undefined;
let placeholderObserver: IntersectionObserver | undefined;

/*
 * A round wakes only this many pending blocks: the others would render their placeholder again
 * for nothing (a 100 KB markdown message has ~1,000 blocks).
 */
const blocksWokenPerRound = 64;

function observePlaceholders(): IntersectionObserver | undefined {
  if (placeholderObserver === undefined && typeof IntersectionObserver === 'function') {
    placeholderObserver = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const retry = retryOfPlaceholder.get(entry.target);
          if (retry === undefined) continue;
          if (entry.isIntersecting) pendingOnScreen.add(retry);
          else pendingOnScreen.delete(retry);
        }
      },
      { rootMargin: '50% 0px' },
    );
  }
  return placeholderObserver;
}

function runRetryRound(): void {
  withdrawRound = undefined;
  retryRound += 1;
  // React renders the woken blocks in tree order and the budget goes to the first: wake only
  // those on screen while there are any.
  const queue = pendingOnScreen.size > 0 ? pendingOnScreen : pendingBlocks;
  const woken: (() => void)[] = [];
  for (const retry of queue) {
    if (woken.length === blocksWokenPerRound) break;
    woken.push(retry);
  }
  for (const retry of woken) retry();
  // Blocks still over budget stay subscribed; those rendered leave in this round's commit.
  if (pendingBlocks.size > 0) withdrawRound = getSharedFrameClock().request(runRetryRound);
}

/** A pending block waits for retry rounds; `placeholder` is the plain text it shows meanwhile. */
export function subscribeToBlockRetries(retry: () => void, placeholder: Element | null): () => void {
  pendingBlocks.add(retry);
  const observer = placeholder ? observePlaceholders() : undefined;
  if (placeholder && observer) {
    retryOfPlaceholder.set(placeholder, retry);
    observer.observe(placeholder);
  }
  withdrawRound ??= getSharedFrameClock().request(runRetryRound);
  return () => {
    pendingBlocks.delete(retry);
    pendingOnScreen.delete(retry);
    if (placeholder && observer) {
      observer.unobserve(placeholder);
      retryOfPlaceholder.delete(placeholder);
    }
    if (pendingBlocks.size === 0) {
      withdrawRound?.();
      withdrawRound = undefined;
    }
  };
}

export function getBlockRetryRound(): number {
  return retryRound;
}
