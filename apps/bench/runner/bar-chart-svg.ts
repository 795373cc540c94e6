/** One bar: a label and a value, or a note instead of a value ("timed out"). */
export interface Bar {
  label: string;
  value: number | null;
  note?: string;
  /** Drawn in the accent colour (sluice's own rows). */
  highlight?: boolean;
}

export interface BarChartOptions {
  title: string;
  unit: string;
  bars: Bar[];
  /** Digits after the decimal point in value labels. */
  digits?: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A horizontal bar chart as standalone SVG, with no script and no external fonts. */
export function barChartSvg({ title, unit, bars, digits = 0 }: BarChartOptions): string {
  const width = 760;
  const labelWidth = 330;
  const barAreaWidth = width - labelWidth - 110;
  const rowHeight = 26;
  const top = 40;
  const height = top + bars.length * rowHeight + 16;
  const maximum = Math.max(...bars.map((bar) => bar.value ?? 0), Number.MIN_VALUE);
  const rows = bars.map((bar, index) => {
    const y = top + index * rowHeight;
    const barWidth = bar.value === null ? 0 : Math.max(1, (bar.value / maximum) * barAreaWidth);
    const colour = bar.highlight ? '#0b7285' : '#adb5bd';
    const valueText = bar.value === null ? (bar.note ?? 'n/a') : `${bar.value.toFixed(digits)} ${unit}`;
    return [
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth.toFixed(1)}" height="${rowHeight - 8}" fill="${colour}" rx="2"/>`,
      `<text x="${(labelWidth + barWidth + 6).toFixed(1)}" y="${y + 17}">${escapeXml(valueText)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
