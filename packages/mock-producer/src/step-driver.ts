import { delayUntilDue, waitFor } from './cancellable-wait.js';
import type { WireStep } from './wire-steps.js';

/**
 * Where a stream's bytes go: the only part that differs between the Node server (a response,
 * `write()` and `'drain'`) and `mockFetch` (a pull-based `ReadableStream`).
 */
export interface StepSink {
  /**
   * Resolves once the consumer can take the next step: at once for a flowing Node response,
   * after `'drain'` when `write()` returned false, at the next read for a `ReadableStream`.
   * Must also resolve when `signal` aborts.
   */
  ready(signal: AbortSignal): Promise<void>;
  /** Hands one chunk to the consumer. */
  write(chunk: Uint8Array): void;
  /** Ends the body normally (after the terminal or error event). */
  end(): void;
  /** Cuts the body mid-answer, as a lost connection does. */
  drop(): void;
}

export interface StepDriverOptions {
  /** The stream's writes, usually `createWireSteps(options)`. */
  steps: Iterator<WireStep, void, undefined>;
  /** Steps per second are paced so that `rate` tokens (deltas) go out per second; `0` is unpaced. */
  rate: number;
  sink: StepSink;
  /** Aborted when the consumer goes away: every wait is released and nothing more is written. */
  signal: AbortSignal;
  /** Called with each step just before its bytes go to the sink (counters, records). */
  onStep?: (step: WireStep) => void;
  /**
   * Clock for pacing, in milliseconds.
   * @defaultValue `performance.now`
   */
  now?: () => number;
}

/** How a drive ended: the last step's outcome, or `stopped` when the signal aborted first. */
export type DriveResult = 'done' | 'error' | 'drop' | 'stall' | 'stopped';

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * Replays wire steps into a sink: one step per `ready()`, paced by `rate`, with the faults the
 * steps carry (`drop` cuts the body, `stall` writes nothing more until the signal aborts). A step
 * is generated only when the sink is ready, so a slow consumer holds generation back. Shared by
 * the Node server and `mockFetch`, so both send the same bytes with the same fault behaviour.
 *
 * @example
 * ```ts
 * await driveSteps({ steps: createWireSteps(options), rate: options.rate, sink, signal });
 * ```
 */
export async function driveSteps({ steps, rate, sink, signal, onStep, now = () => performance.now() }: StepDriverOptions): Promise<DriveResult> {
  let startedAt: number | undefined;
  let tokensBefore = 0;
  for (;;) {
    await sink.ready(signal);
    if (signal.aborted) return 'stopped';
    // Pacing starts when the consumer first asks, not when the response was created.
    startedAt ??= now();
    const next = steps.next();
    if (next.done === true) {
      sink.end();
      return 'done';
    }
    const step = next.value;
    const delay = delayUntilDue(startedAt, tokensBefore, rate, now());
    if (delay > 0 && !(await waitFor(delay, signal))) return 'stopped';
    if (signal.aborted) return 'stopped';
    tokensBefore += step.tokens;
    onStep?.(step);
    if (step.chunk.length > 0) sink.write(step.chunk);
    switch (step.then) {
      case 'continue':
        continue;
      case 'done':
      case 'error':
        sink.end();
        return step.then;
      case 'drop':
        sink.drop();
        return 'drop';
      case 'stall':
        await untilAborted(signal);
        return 'stall';
    }
  }
}
