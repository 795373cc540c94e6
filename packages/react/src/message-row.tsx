import { memo, useMemo } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import type { StreamSnapshot, TokenStream } from '@sluice/core';
import { MessageActions } from './message-actions';
import { MessageBlocks } from './message-blocks';
import type { RenderBlock } from './message-blocks';
import type { TranscriptBlock } from './split-blocks';
import { useStreamSnapshot } from './use-stream-snapshot';
import { isLivePhase, useStreamedBlocks } from './use-streamed-blocks';
import type { TranscriptMessage } from './use-transcript';

/** Renders a whole message; the `renderMessage` prop of `<Transcript>`. */
export type RenderMessage = (message: TranscriptMessage, defaultRender: () => ReactNode) => ReactNode;

export interface MessageRowProps {
  message: TranscriptMessage;
  index: number;
  /** The store feeding this row while it streams; only this row subscribes to it. */
  stream: TokenStream | undefined;
  /** The virtualizer's `measureElement`, so the row's height is exact. */
  measureRef: (element: HTMLDivElement | null) => void;
  renderMessage: RenderMessage | undefined;
  renderBlock: RenderBlock | undefined;
  /** Shows Retry on a failed or stopped answer (`<Transcript onRetry>`). */
  onRetry?: ((messageId: string) => void) | undefined;
  /** Shows Copy on a settled answer (`<Transcript showCopyButton>`). */
  showCopyButton?: boolean;
  /**
   * In normal flow instead of positioned by the virtualizer: the server render and the
   * hydration pass, before any viewport has been measured.
   */
  inFlow?: boolean;
}

const inFlowRowStyle: CSSProperties = { position: 'relative' };

// The virtualizer writes the transform (directDomUpdates); the row only anchors at the top.
const rowStyle: CSSProperties = { position: 'absolute', top: 0, left: 0, width: '100%' };

function isBusy(message: TranscriptMessage): boolean {
  return isLivePhase(message.phase);
}

/** The message as the stream sees it right now; before the run publishes anything, the message itself. */
function mergeSnapshot(message: TranscriptMessage, snapshot: StreamSnapshot | null): TranscriptMessage {
  if (snapshot === null || snapshot.phase === 'idle') return message;
  return { ...message, text: snapshot.text, phase: snapshot.phase, status: snapshot.status, error: snapshot.error };
}

interface MessageContentProps {
  message: TranscriptMessage;
  blocks: readonly TranscriptBlock[];
  renderBlock: RenderBlock | undefined;
}

function MessageContent({ message, blocks, renderBlock }: MessageContentProps): ReactNode {
  return (
    <div className={`sluice-message-body sluice-message-body--${message.role}`}>
      <MessageBlocks blocks={blocks} renderBlock={renderBlock} />
      {message.phase === 'connecting' && message.text.length === 0 ? (
        <span className="sluice-pending" aria-hidden="true">
          …
        </span>
      ) : null}
      {message.phase === 'aborted' ? <span className="sluice-stopped">Stopped</span> : null}
      {message.error ? <p className="sluice-error">{message.error.message}</p> : null}
    </div>
  );
}

/**
 * One transcript row. A row with a `stream` reads text, phase, status and error from the store
 * with `useSyncExternalStore`, so a flush re-renders this row alone; other rows are memoized.
 */
export const MessageRow = memo(function MessageRow({ message, index, stream, measureRef, renderMessage, renderBlock, onRetry, showCopyButton = false, inFlow = false }: MessageRowProps) {
  const snapshot = useStreamSnapshot(stream);
  const shown = useMemo(() => mergeSnapshot(message, snapshot), [message, snapshot]);
  // Kept across the switch from live to settled (same key), so the final text is not re-split.
  const blocks = useStreamedBlocks(stream, snapshot, shown.text);

  const defaultRender = () => (
    <>
      <MessageContent message={shown} blocks={blocks} renderBlock={renderBlock} />
      <MessageActions message={shown} onRetry={onRetry} showCopyButton={showCopyButton} />
    </>
  );
  return (
    <div
      ref={inFlow ? undefined : measureRef}
      data-index={index}
      data-message-id={shown.id}
      data-role={shown.role}
      data-phase={shown.phase ?? 'done'}
      aria-busy={isBusy(shown) ? true : undefined}
      className={`sluice-message sluice-message--${shown.role} sluice-message--${shown.phase ?? 'done'}`}
      style={inFlow ? inFlowRowStyle : rowStyle}
    >
      {renderMessage ? renderMessage(shown, defaultRender) : defaultRender()}
    </div>
  );
});
