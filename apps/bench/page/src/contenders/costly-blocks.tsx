import { memo } from 'react';
import type { ReactNode } from 'react';

/**
 * The "expensive renderer" scenario: every rendered block costs `ms` of script, a stand-in for
 * syntax highlighting or markdown. A busy loop, so the cost is the same on every render.
 */
export function spendScript(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Deliberately busy: this is the renderer's work.
  }
}

/** sluice's block renderer for `renderBlock`: the block's cost, then its text (never HTML). */
export function costlyRenderBlock(ms: number) {
  return function renderCostlyBlock(block: { kind: 'paragraph' | 'code'; text: string }): ReactNode {
    spendScript(ms);
    return block.kind === 'code' ? (
      <pre>
        <code>{block.text}</code>
      </pre>
    ) : (
      <p>{block.text}</p>
    );
  };
}

const CostlyParagraph = memo(function CostlyParagraph({ text, ms }: { text: string; ms: number }): ReactNode {
  spendScript(ms);
  return <p>{text}</p>;
});

/**
 * What a peer's user writes for an expensive renderer, following the AI SDK's memoized
 * markdown recipe: split the whole text into paragraphs on every update and render each in a
 * memoized component, so only changed paragraphs (normally the growing last one) pay again.
 */
export function CostlyParagraphs({ text, ms }: { text: string; ms: number }): ReactNode {
  if (text === '') return null;
  return text.split(/\n{2,}/).map((paragraph, index) => <CostlyParagraph key={index} text={paragraph} ms={ms} />);
}
