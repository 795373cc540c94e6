import { mergeDefined } from './merge-options.js';
import { createRun, type Run } from './run.js';
import { IDLE_SNAPSHOT } from './snapshot.js';
import { createSnapshotStore } from './store.js';
import type { StartOverrides, TokenStream, TokenStreamOptions } from './types.js';
import { validateOptions, validateStartOptions } from './validate-options.js';

export { DEFAULT_HIGH_WATER_MARK } from './run.js';

/**
 * Creates the store that reads one streamed answer at a time and publishes it at the pace of
 * the screen. Framework-free: React binds it with `useSyncExternalStore(subscribe, getSnapshot)`.
 *
 * The data flow, one file each: `run.ts` (request, timers, read loop: `read-body.ts`) →
 * `run-sink.ts` (the protocol's actions) → `pending-buffer.ts` (what waits for the next flush)
 * → `part-log.ts` (the published parts and text) → `store.ts` (snapshot and listeners).
 *
 * @example
 * ```ts
 * const stream = createTokenStream({ url: '/api/chat', init: { method: 'POST', body } });
 * stream.subscribe(() => render(stream.getSnapshot().text));
 * const final = await stream.start();
 * ```
 */
export function createTokenStream(initialOptions: TokenStreamOptions = {}): TokenStream {
  validateOptions(initialOptions);
  let options: TokenStreamOptions = mergeDefined({}, initialOptions);
  const store = createSnapshotStore();
  let current: Run | null = null;

  return {
    start(overrides: StartOverrides = {}) {
      const runOptions = mergeDefined(options, overrides);
      validateStartOptions(runOptions);
      const previous = current;
      const run: Run = createRun({
        options: runOptions,
        overrides,
        latestOptions: () => (run === current ? options : runOptions),
        publish(snapshot) {
          if (run === current) store.publish(snapshot);
        },
      });
      current = run;
      // Superseded: its request is aborted and it can never publish again.
      previous?.abort(new DOMException('Superseded by a new start()', 'AbortError'));
      run.begin();
      return run.finished;
    },

    abort(reason) {
      current?.abort(reason ?? new DOMException('Aborted by the user', 'AbortError'));
    },

    reset() {
      const previous = current;
      current = null;
      previous?.abort(new DOMException('Reset', 'AbortError'));
      if (store.getSnapshot() !== IDLE_SNAPSHOT) store.publish(IDLE_SNAPSHOT);
    },

    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    readText: (start, end) => current?.readText(start, end) ?? '',
    readPartText: (id, start, end) => current?.readPartText(id, start, end) ?? '',

    setOptions(next) {
      validateOptions(next);
      options = mergeDefined(options, next);
    },
  };
}
