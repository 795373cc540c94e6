import { memo, useMemo } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { isRunning } from '@sluice/core';
import type { MessagePart, StreamSnapshot, TokenStream } from '@sluice/core';
import { MessageActions } from './message-actions.js';
import { MessageParts } from './message-parts.js';
import type { PartSlots } from './message-parts.js';
import type { RenderBlock, RenderMessage, RenderPart } from './render-slots.js';
import type { TranscriptMessage } from './transcript-message.js';
import { useStreamSnapshot } from './use-stream-snapshot.js';

export interface MessageRowProps {
  message: TranscriptMessage;
  index: number;
  /** The store feeding this row while it streams; only this row subscribes to it. */
  stream: TokenStream | undefined;
  /** The virtualizer's `measureElement`, so the row's height is exact. */
  measureRef: (element: HTMLDivElement | null) => void;
  renderMessage: RenderMessage | undefined;
  renderBlock: RenderBlock | undefined;
  renderPart: RenderPart | undefined;
  allowImages: boolean;
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

/** The message as the stream sees it right now; before the run publishes anything, the message itself. */
function mergeSnapshot(message: TranscriptMessage, snapshot: StreamSnapshot | null): TranscriptMessage {
  if (snapshot === null || snapshot.phase === 'idle') return message;
  return { ...message, text: snapshot.text, parts: snapshot.parts, phase: snapshot.phase, status: snapshot.status, error: snapshot.error };
}

/** A plain message (no parts) as one settled text part, so every message renders the same way. */
function partsOf(message: TranscriptMessage): readonly MessagePart[] {
  if (message.parts !== undefined) return message.parts;
  return message.text.length === 0 ? [] : [{ type: 'text', id: 'text', text: message.text, state: 'done' }];
}

function MessageContent({ message, parts, slots }: { message: TranscriptMessage; parts: readonly MessagePart[]; slots: PartSlots }): ReactNode {
  return (
    <div className={`sluice-message-body sluice-message-body--${message.role}`}>
      <MessageParts parts={parts} {...slots} />
      {message.phase === 'connecting' && parts.length === 0 ? (
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
 * One transcript row. A row with a `stream` reads parts, phase, status and error from the
 * store with `useSyncExternalStore`, so a flush re-renders this row alone, and within it only
 * the part that changed; other rows are memoized. Each answer has its own store
 * (`useTranscript`), so the store's identity is the run's: nothing here watches phases.
 */
export const MessageRow = memo(function MessageRow({
  message,
  index,
  stream,
  measureRef,
  renderMessage,
  renderBlock,
  renderPart,
  allowImages,
  onRetry,
  showCopyButton = false,
  inFlow = false,
}: MessageRowProps) {
  const snapshot = useStreamSnapshot(stream);
  const shown = useMemo(() => mergeSnapshot(message, snapshot), [message, snapshot]);
  const parts = useMemo(() => partsOf(shown), [shown]);
  // Once settled the parts come from `message` (the same objects the store published), so the
  // part views stay mounted and the final text is not split again.
  const slots: PartSlots = { stream: snapshot !== null && snapshot.phase !== 'idle' ? stream : undefined, renderBlock, renderPart, allowImages };

  const defaultRender = () => (
    <>
      <MessageContent message={shown} parts={parts} slots={slots} />
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
      aria-busy={isRunning(shown.phase) ? true : undefined}
      className={`sluice-message sluice-message--${shown.role} sluice-message--${shown.phase ?? 'done'}`}
      style={inFlow ? inFlowRowStyle : rowStyle}
    >
      {renderMessage ? renderMessage(shown, defaultRender) : defaultRender()}
    </div>
  );
});
