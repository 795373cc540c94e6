import { createTokenStream } from '@sluice/core';
import type { StartOverrides, StreamSnapshot, TokenStream, TokenStreamOptions } from '@sluice/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';

/**
 * What {@link useTokenStream} returns: the current snapshot (`text`, `parts`, `phase`, `status`,
 * `error`, `finishReason`, `cursor`, `metrics`) plus stable controls.
 */
export interface UseTokenStreamResult extends StreamSnapshot {
  /**
   * Aborts any running stream and starts a new one with the latest options, shallow-merged
   * with `overrides`. Resolves with the final snapshot and never rejects. Stable identity.
   * @example `start({ init: { method: 'POST', body: JSON.stringify({ prompt }) } })`
   */
  start: (overrides?: StartOverrides) => Promise<StreamSnapshot>;
  /** Aborts the request at once and publishes phase `aborted`; the visible text freezes. No-op when idle. Stable identity. */
  abort: (reason?: unknown) => void;
  /** Aborts any run and returns to the idle snapshot. Stable identity. */
  reset: () => void;
  /** The core store behind the hook, e.g. to feed `<Transcript live={{ messageId, stream }}>` or `<StopButton stream>`. */
  stream: TokenStream;
}

// React 18 warns about useLayoutEffect during server rendering; options only matter in the browser.
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Binds one `@sluice/core` token stream to a component.
 *
 * The component re-renders at most once per flush (one per animation frame by default), no
 * matter how fast tokens arrive. Changing `options` between renders never restarts or drops a
 * running stream: the next `start()` uses them, and the callbacks always run in their newest
 * version. Unmounting aborts the run, so the server sees the connection close.
 *
 * @example
 * ```tsx
 * const { text, parts, phase, finishReason, start, abort } = useTokenStream({ url: '/api/complete' });
 * ```
 */
export function useTokenStream(options: TokenStreamOptions = {}): UseTokenStreamResult {
  // Lazy and free of side effects: StrictMode may call this twice and drop one result.
  const [stream] = useState(() => createTokenStream(options));
  // The idle snapshot the store was born with, so server rendering and hydration agree.
  const [serverSnapshot] = useState(() => stream.getSnapshot());

  // The engine reads the newest options (callbacks included) for the running stream, and
  // callbacks passed to start() win for their run, so nothing here goes stale.
  useClientLayoutEffect(() => {
    stream.setOptions(options);
  });

  // Unmount cancels the request; aborting an idle or settled store does nothing, which keeps
  // StrictMode's simulated unmount harmless.
  useEffect(() => () => stream.abort(), [stream]);

  const snapshot = useSyncExternalStore(stream.subscribe, stream.getSnapshot, () => serverSnapshot);

  const start = useCallback((overrides?: StartOverrides) => stream.start(overrides), [stream]);
  const abort = useCallback((reason?: unknown) => stream.abort(reason), [stream]);
  const reset = useCallback(() => stream.reset(), [stream]);

  return useMemo(
    () => ({ ...snapshot, start, abort, reset, stream }),
    [snapshot, start, abort, reset, stream],
  );
}
