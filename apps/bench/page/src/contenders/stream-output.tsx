import type { ReactNode } from 'react';

/** The markup every single-stream contender renders its text into: plain text, never HTML. */
export function StreamOutput({ text }: { text: string }): ReactNode {
  return <div className="bench-output">{text}</div>;
}

/** Single streams fill the page; concurrent ones share a grid. */
export function StreamLayout({ children, streams }: { children: ReactNode; streams: number }): ReactNode {
  return streams > 1 ? <div className="bench-grid">{children}</div> : <>{children}</>;
}
