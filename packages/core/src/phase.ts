import type { StreamPhase } from './types.js';

// Strings, not only StreamPhase members: 'reconnecting' (DESIGN.md "Resume and reconnect") is
// live too, and this keeps its meaning whether or not the phase type names it yet.
const runningPhases: ReadonlySet<string> = new Set(['connecting', 'streaming', 'reconnecting']);
const settledPhases: ReadonlySet<string> = new Set(['done', 'error', 'aborted']);

/** True while a run may still change the snapshot: the phases in which a renderer shows `aria-busy`. */
export function isRunning(phase: StreamPhase | null | undefined): boolean {
  return phase != null && runningPhases.has(phase);
}

/** True once a run has ended (`done`, `error` or `aborted`); false while idle or running. */
export function isSettled(phase: StreamPhase | null | undefined): boolean {
  return phase != null && settledPhases.has(phase);
}
