/**
 * The nearest-rank percentile of `values` (`fraction` 0.95 for p95): the smallest value that at
 * least that share of the values do not exceed. Null when there are no values. Used by the page
 * (frame intervals) and the runner (input delays), so both sides rank the same way.
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] as number;
}
