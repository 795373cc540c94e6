/** A monotonic clock where there is one (all browsers and Node), else wall time. */
export const now: () => number =
  typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();
