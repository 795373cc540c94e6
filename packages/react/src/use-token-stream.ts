import { createTokenStream } from '@sluice/core';
import type {
  StartOverrides,
  StreamError,
  StreamSnapshot,
  StreamStatus,
  TokenStream,
  TokenStreamOptions,
} from '@sluice/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';

/** What {@link useTokenStream} returns: the current snapshot plus stable controls. */
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

type Callbacks = Pick<TokenStreamOptions, 'onToken' | 'onStatus' | 'onFinish' | 'onError'>;

// React 18 warns about useLayoutEffect during server rendering; options only matter in the browser.
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

interface BoundStream {
  stream: TokenStream;
  start: (overrides?: StartOverrides) => Promise<StreamSnapshot>;
  setCallbacks: (next: Callbacks) => void;
}

/**
 * Creates the engine with callbacks that run the newest ones the component rendered with, so
 * the engine is built once and never runs a stale closure. Callbacks passed to `start()` win
 * for that run, as the other overrides do.
 */
function bindStream(options: TokenStreamOptions): BoundStream {
  let callbacks: Callbacks = options;
  let runCallbacks: Callbacks = {};
  const stream = createTokenStream({
    ...withoutCallbacks(options),
    onToken: (text: string) => (runCallbacks.onToken ?? callbacks.onToken)?.(text),
    onStatus: (status: StreamStatus) => (runCallbacks.onStatus ?? callbacks.onStatus)?.(status),
    onFinish: (snapshot: StreamSnapshot) => (runCallbacks.onFinish ?? callbacks.onFinish)?.(snapshot),
    onError: (error: StreamError) => (runCallbacks.onError ?? callbacks.onError)?.(error),
  });
  return {
    stream,
    start(overrides = {}) {
      const { onToken, onStatus, onFinish, onError } = overrides;
      // The engine would prefer its own (these wrapper) callbacks over per-call ones. Swap them
      // in only after start() returns: the superseded run settles inside start() and must
      // still get its own callbacks.
      const finished = stream.start(withoutCallbacks(overrides));
      runCallbacks = { onToken, onStatus, onFinish, onError };
      return finished;
    },
    setCallbacks: (next) => {
      callbacks = next;
    },
  };
}

function withoutCallbacks(options: TokenStreamOptions): TokenStreamOptions {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- callbacks reach the engine through bindStream's wrappers
  const { onToken, onStatus, onFinish, onError, ...rest } = options;
  return rest;
}

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
 * const { text, phase, start, abort } = useTokenStream({ url: '/api/complete' });
 * ```
 */
export function useTokenStream(options: TokenStreamOptions = {}): UseTokenStreamResult {
  // Lazy and free of side effects: StrictMode may call this twice and drop one result.
  const [{ stream, start, setCallbacks }] = useState(() => bindStream(options));
  // The idle snapshot the store was born with, so server rendering and hydration agree.
  const [serverSnapshot] = useState(() => stream.getSnapshot());

  useClientLayoutEffect(() => {
    setCallbacks(options);
    stream.setOptions(withoutCallbacks(options));
  });

  // Unmount cancels the request; aborting an idle or settled store does nothing, which keeps
  // StrictMode's simulated unmount harmless.
  useEffect(() => () => stream.abort(), [stream]);

  const snapshot = useSyncExternalStore(stream.subscribe, stream.getSnapshot, () => serverSnapshot);

  const abort = useCallback((reason?: unknown) => stream.abort(reason), [stream]);
  const reset = useCallback(() => stream.reset(), [stream]);

  return useMemo(
    () => ({ ...snapshot, start, abort, reset, stream }),
    [snapshot, start, abort, reset, stream],
  );
}
