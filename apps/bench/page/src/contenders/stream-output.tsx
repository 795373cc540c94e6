import type { ReactNode } from 'react';
import { CostlyParagraphs } from './costly-blocks';

/**
 * The markup every single-stream contender renders its text into: plain text, never HTML. With
 * `blockCostMs`, the text is split into paragraphs that each cost that much script to render.
 */
export function StreamOutput({ text, blockCostMs = 0 }: { text: string; blockCostMs?: number }): ReactNode {
  if (blockCostMs > 0) {
    return (
      <div className="bench-output">
        <CostlyParagraphs text={text} ms={blockCostMs} />
      </div>
    );
  }
  return <div className="bench-output">{text}</div>;
}

/** Single streams fill the page; concurrent ones share a grid. */
export function StreamLayout({ children, streams }: { children: ReactNode; streams: number }): ReactNode {
  return streams > 1 ? <div className="bench-grid">{children}</div> : <>{children}</>;
}
