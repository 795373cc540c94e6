export interface SparklineProps {
  /** Oldest first. */
  values: readonly number[];
  /** Points the chart spans (older ones are cut off on the left). */
  capacity: number;
  /** Accessible description, e.g. "Tokens per second, last 10 seconds". */
  label: string;
  width?: number;
  height?: number;
}

/** A small SVG line chart scaled to its own maximum; it stretches to its box, the stroke does not. */
export function Sparkline({ values, capacity, label, width = 160, height = 36 }: SparklineProps) {
  const maximum = Math.max(1, ...values);
  const step = width / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  const points = values
    .map((value, index) => `${((offset + index) * step).toFixed(1)},${(height - 2 - (value / maximum) * (height - 4)).toFixed(1)}`)
    .join(' ');
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none">
      <line x1={0} y1={height - 1} x2={width} y2={height - 1} className="sparkline-axis" vectorEffect="non-scaling-stroke" />
      {values.length > 1 ? <polyline points={points} className="sparkline-line" vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  );
}
