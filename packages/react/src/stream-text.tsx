import { memo } from 'react';
import type { ReactNode } from 'react';
import { isRunning } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import { MessageParts } from './message-parts.js';
import type { RenderBlock, RenderPart } from './render-slots.js';
import { useRunKey } from './use-run-key.js';
import { useStreamSnapshot } from './use-stream-snapshot.js';

export interface StreamTextProps {
  /**
   * The store whose text to show, e.g. the `stream` that `useTokenStream` returns. The
   * component subscribes to it itself, so a flush re-renders this component (and in it only the
   * growing block), not its parent.
   */
  stream: TokenStream;
  /**
   * Renders one block (a paragraph or a fenced code block), e.g. a markdown renderer; the same
   * slot as `<Transcript renderBlock>`. Settled blocks are rendered once and then memoized.
   * Keep its identity stable (define it outside the component or with `useCallback`): a new
   * function renders every block again.
   * @defaultValue a `<p>` per paragraph and a `<pre><code>` per code block, as text
   */
  renderBlock?: RenderBlock;
  /**
   * Renders one part of the answer; call `defaultRender()` for the built-in look (the same
   * slot as `<Transcript renderPart>`). Data parts show only through this slot.
   * @defaultValue text as blocks, reasoning in a `<details>`, a card per tool call, sources as
   * links, files as links (images with `allowImages`), data hidden
   */
  renderPart?: RenderPart;
  /**
   * Shows image files (http(s) only) as images rather than links.
   * @defaultValue `false`
   */
  allowImages?: boolean;
  /**
   * Class of the wrapping `<div>`, which always has `sluice-stream-text` too.
   * @defaultValue `undefined`
   */
  className?: string;
}

/**
 * One stream's answer, its parts in order and its text split into blocks like the transcript's streaming message: a flush
 * re-renders only the block that grows, and settled blocks off screen skip layout, so a long
 * answer costs each frame about what its newest paragraph does. Reads only the text appended
 * since the previous frame. `aria-busy="true"` while the run is live, so assistive technology
 * reads the answer once it settles rather than token by token.
 *
 * @example
 * ```tsx
 * const { stream, start } = useTokenStream({ url: '/api/complete' });
 * return <StreamText stream={stream} />;
 * ```
 */
export const StreamText = memo(function StreamText({ stream, renderBlock, renderPart, allowImages = false, className }: StreamTextProps): ReactNode {
  const snapshot = useStreamSnapshot(stream);
  const phase = snapshot?.phase ?? 'idle';
  const runKey = useRunKey(snapshot);
  return (
    <div
      className={className ? `sluice-stream-text ${className}` : 'sluice-stream-text'}
      data-phase={phase}
      aria-busy={isRunning(phase) ? true : undefined}
    >
      <MessageParts key={runKey} parts={snapshot?.parts ?? []} stream={stream} renderBlock={renderBlock} renderPart={renderPart} allowImages={allowImages} />
    </div>
  );
});
