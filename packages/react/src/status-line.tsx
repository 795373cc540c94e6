import { isRunning } from '@sluice/core';
import type { StreamError, StreamPhase, StreamStatus, TokenStream } from '@sluice/core';
import type { HTMLAttributes } from 'react';
import { useStreamSnapshot } from './use-stream-snapshot.js';

export interface StatusLineProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'role'> {
  /**
   * A store to follow: the line subscribes to it and re-renders per flush on its own, so the
   * component that renders `<StatusLine>` does not have to. Explicit `phase`/`status`/`error`
   * props win over the store's values.
   * @defaultValue none
   * @example `<StatusLine stream={live?.stream} />`
   */
  stream?: TokenStream | null;
  /**
   * The phase to show, when you do not pass `stream` (e.g. from `useTokenStream`).
   * @defaultValue the store's phase, else `'idle'`
   */
  phase?: StreamPhase;
  /**
   * The latest status update. Shown while the phase is `connecting` or `streaming`: `data.label`
   * and `data.percent` (0–100) when present, else the status `type`.
   * @defaultValue the store's status, else none
   */
  status?: StreamStatus | null;
  /**
   * The error to mention when the phase is `error`.
   * @defaultValue the store's error, else none
   */
  error?: StreamError | null;
  /**
   * Words for each phase, e.g. for translation.
   * @defaultValue `{ idle: '', connecting: 'Connecting…', streaming: 'Streaming…', reconnecting: 'Reconnecting…', done: 'Done', error: 'Error', aborted: 'Stopped' }`
   * @example `phaseLabels={{ aborted: 'Cancelled' }}`
   */
  phaseLabels?: Partial<Record<StreamPhase, string>>;
}

const defaultPhaseLabels: Record<StreamPhase, string> = {
  idle: '',
  connecting: 'Connecting…',
  streaming: 'Streaming…',
  reconnecting: 'Reconnecting…',
  done: 'Done',
  error: 'Error',
  aborted: 'Stopped',
};


/** `Searching 40%` from `{ label: 'Searching', percent: 40 }`; the status type otherwise. */
function describeStatus(status: StreamStatus): string {
  const data = typeof status.data === 'object' && status.data !== null ? (status.data as Record<string, unknown>) : {};
  const label = typeof data.label === 'string' ? data.label : undefined;
  const percent = typeof data.percent === 'number' && Number.isFinite(data.percent) ? `${Math.round(data.percent)}%` : undefined;
  if (label === undefined && percent === undefined) return status.type;
  return [label, percent].filter((part) => part !== undefined).join(' ');
}

/**
 * One line that says where a stream is: `Streaming… Searching 40%`, `Done`, `Error: …`.
 * Renders `role="status"` (a polite live region) even when empty, so screen readers are
 * already listening when the first update arrives.
 */
export function StatusLine({ stream, phase, status, error, phaseLabels, className, ...rest }: StatusLineProps) {
  const snapshot = useStreamSnapshot(stream);
  const shownPhase = phase ?? snapshot?.phase ?? 'idle';
  const shownStatus = status !== undefined ? status : (snapshot?.status ?? null);
  const shownError = error !== undefined ? error : (snapshot?.error ?? null);
  // While reconnecting the last status belongs to the dropped connection: say only that.
  const showsStatus = isRunning(shownPhase) && shownPhase !== 'reconnecting';

  const parts = [phaseLabels?.[shownPhase] ?? defaultPhaseLabels[shownPhase]];
  if (showsStatus && shownStatus !== null) parts.push(describeStatus(shownStatus));
  if (shownPhase === 'error' && shownError !== null) parts[0] = `${parts[0]}: ${shownError.message}`;

  return (
    <div
      {...rest}
      role="status"
      data-phase={shownPhase}
      className={className === undefined ? 'sluice-status' : `sluice-status ${className}`}
    >
      {parts.filter((part) => part !== '').join(' ')}
    </div>
  );
}
