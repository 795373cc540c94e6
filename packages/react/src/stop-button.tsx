import { isRunning } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import type { ButtonHTMLAttributes, MouseEvent } from 'react';
import { useStreamSnapshot } from './use-stream-snapshot.js';

export interface StopButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /**
   * A store to stop: the button calls its `abort()` and follows its phase on its own
   * (enabled while `connecting` or `streaming`).
   * @defaultValue none
   * @example `<StopButton stream={stream} />`
   */
  stream?: TokenStream | null;
  /**
   * Called on click instead of `stream.abort()`, e.g. `stop` from `useTranscript` (which also
   * commits the stopped answer) or `abort` from `useTokenStream`.
   * @defaultValue `stream.abort()`
   * @example `<StopButton onStop={stop} isStreaming={isStreaming} />`
   */
  onStop?: () => void;
  /**
   * Whether something is streaming; the button is disabled otherwise.
   * @defaultValue derived from `stream`'s phase, else `false`
   */
  isStreaming?: boolean;
}

/** A `<button>` labelled "Stop" that aborts the stream; disabled when nothing is streaming. */
export function StopButton({ stream, onStop, isStreaming, disabled, onClick, children = 'Stop', ...rest }: StopButtonProps) {
  const snapshot = useStreamSnapshot(stream);
  const streaming = isStreaming ?? isRunning(snapshot?.phase);

  function handleClick(event: MouseEvent<HTMLButtonElement>) {
    onClick?.(event);
    if (event.defaultPrevented) return;
    if (onStop !== undefined) onStop();
    else stream?.abort();
  }

  return (
    <button {...rest} type="button" disabled={disabled === true || !streaming} onClick={handleClick}>
      {children}
    </button>
  );
}
