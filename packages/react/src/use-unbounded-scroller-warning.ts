import { useRef } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

// Declared here rather than through @types/node: the package's types must not need Node's.
declare const process: { env: { NODE_ENV?: string } };

/** Fewer rows than this can all be on screen in a tall window; no warning below it. */
const manyRows = 50;

let warnedOnce = false;

/**
 * Warns once per page, in development, when the log has no bounded height: it then grows with
 * its rows, the virtualizer sees them all as visible, and every row is in the DOM.
 */
export function useUnboundedScrollerWarning(getScrollElement: () => HTMLElement | null, renderedRows: number, totalRows: number): void {
  const checkedRef = useRef(false);
  useIsomorphicLayoutEffect(() => {
    // Bundlers replace `process.env.NODE_ENV` with a string, so in a production build this is
    // `if (true) return` and the minifier drops the rest, warning text included (behind a
    // function with a try/catch it stayed). Read when the effect runs, not at import, like the
    // TanStack Virtual code <Transcript> runs on, so an unbundled import of the package works.
    if (process.env.NODE_ENV === 'production' || warnedOnce || checkedRef.current || totalRows < manyRows || renderedRows < totalRows) return;
    const scroller = getScrollElement();
    if (scroller === null || scroller.clientHeight === 0) return;
    // Bounded lists scroll; an unbounded one is as tall as its content.
    if (scroller.scrollHeight > scroller.clientHeight + 1) return;
    checkedRef.current = true;
    warnedOnce = true;
    console.warn(
      `@sluice/react <Transcript>: all ${totalRows} rows are in the DOM because the log has no bounded height, so it grows with its rows instead of scrolling. ` +
        "Give it a height: import '@sluice/react/styles.css' and put it in a `.sluice-chat` element (a column that fills its container, at most the viewport), " +
        'or place it in a flex column of fixed height, or pass `style={{ height: 480 }}`.',
    );
  });
}

