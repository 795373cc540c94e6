import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ReasoningPart, TokenStream } from '@sluice/core';
import { MessageBlocks } from './message-blocks.js';
import { usePartBlocks } from './use-part-blocks.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

// Keyed by the finished part object, which the core and useTranscript keep, so a row that the
// virtualizer unmounts and mounts again still knows how long the model thought.
const thinkingSeconds = new WeakMap<ReasoningPart, number>();

const now = () => performance.now();

function reasoningLabel(part: ReasoningPart): string {
  if (part.state === 'streaming') return 'Thinking…';
  const seconds = thinkingSeconds.get(part);
  return seconds === undefined ? 'Thoughts' : `Thought for ${seconds} s`;
}

interface ReasoningPartViewProps {
  part: ReasoningPart;
  stream: TokenStream | undefined;
}

/**
 * The model's reasoning as a `<details>` region: open while it streams, closed once it is done
 * (the user may toggle it either way). No live region inside: the message's `aria-busy`
 * holds announcements until the answer settles, so the reasoning is read once, not per token.
 */
export function ReasoningPartView({ part, stream }: ReasoningPartViewProps): ReactNode {
  // When this part appeared on the client; the duration is measured from here to done.
  const streaming = part.state === 'streaming';
  // A part that arrives already done from a running stream (start and end in one flush) took
  // under a frame; one that is done without a stream comes from history and has no duration.
  const [appearedAt] = useState(() => (streaming || stream !== undefined ? now() : null));
  const [, setMeasured] = useState(false);
  const blocks = usePartBlocks(part, stream);

  useIsomorphicLayoutEffect(() => {
    if (streaming || thinkingSeconds.has(part)) return;
    if (appearedAt !== null) {
      thinkingSeconds.set(part, Math.max(1, Math.round((now() - appearedAt) / 1000)));
      setMeasured(true);
    }
  }, [part, streaming, appearedAt]);

  return (
    <details className="sluice-part sluice-reasoning" data-part-state={part.state} open={streaming}>
      <summary className="sluice-reasoning-label">{reasoningLabel(part)}</summary>
      <div className="sluice-reasoning-text">
        <MessageBlocks blocks={blocks} renderBlock={undefined} />
      </div>
    </details>
  );
}
