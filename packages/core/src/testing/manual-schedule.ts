/// <reference types="node" />
import type { StreamPhase, TokenStream } from '../types.js';

/** A `schedule` option that never flushes on its own: the test decides when each flush happens. */
export interface ManualSchedule {
  /** Pass this as the `schedule` option. */
  readonly schedule: (flush: () => void) => () => void;
  /** Times the engine asked for a flush. */
  readonly requests: () => number;
  /** True while the engine has asked for a flush that has not run and was not cancelled. */
  readonly hasPending: () => boolean;
  /** Runs one flush (the latest one the engine handed over). Returns false when there was none. */
  flush(): boolean;
}

export function createManualSchedule(): ManualSchedule {
  let captured: (() => void) | null = null;
  let pending = false;
  let requestCount = 0;
  return {
    schedule(flush) {
      captured = flush;
      pending = true;
      requestCount += 1;
      return () => {
        if (captured === flush) pending = false;
      };
    },
    requests: () => requestCount,
    hasPending: () => pending,
    flush() {
      if (!captured) return false;
      pending = false;
      captured();
      return true;
    },
  };
}

const settledPhases: ReadonlySet<StreamPhase> = new Set(['done', 'error', 'aborted']);

export function isSettled(phase: StreamPhase): boolean {
  return settledPhases.has(phase);
}

/**
 * Flushes `stream` by hand (one flush per macrotask turn, so reads can progress in between)
 * until `run` settles, and resolves with its result. Guards with a turn limit instead of a clock.
 */
export async function flushUntilSettled<T>(
  manual: ManualSchedule,
  run: Promise<T>,
  maximumTurns = 5_000_000,
): Promise<T> {
  let settled = false;
  const result = run.finally(() => {
    settled = true;
  });
  for (let turn = 0; !settled; turn += 1) {
    if (turn > maximumTurns) throw new Error(`run did not settle within ${maximumTurns} flush turns`);
    manual.flush();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

/** Records every snapshot a stream publishes, in order. */
export function recordSnapshots(stream: TokenStream) {
  const snapshots: Array<ReturnType<TokenStream['getSnapshot']>> = [];
  const unsubscribe = stream.subscribe(() => snapshots.push(stream.getSnapshot()));
  return { snapshots, unsubscribe };
}

/** Flushes via `setImmediate`: fast, and still a real separate turn from the reads. */
export function immediateSchedule(flush: () => void): () => void {
  const handle = setImmediate(flush);
  return () => clearImmediate(handle);
}
