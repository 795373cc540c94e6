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
const budgetMs = 8;

let windowStart: number | undefined;

function closeWindow(): void {
  windowStart = undefined;
}

/**
 * Whether the current commit still has time to render one more new block richly. The first
 * new block of a commit always does, so every commit makes progress.
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
