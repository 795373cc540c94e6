import type { LongFrameTrace } from '../page/src/bench-protocol';
import type { RunRecord } from './run-once';

const ms = (value: number) => `${Math.round(value)}`;

/** "74 ms at 310 ms: script 52 (FrameRequestCallback 40, MessagePort.onmessage 9), style + layout 18, other 4". */
export function describeLongFrame(trace: LongFrameTrace): string {
  const scripts = trace.scripts.map((script) => `${script.invoker} ${ms(script.durationMs)}`).join(', ');
  const other = Math.max(0, trace.durationMs - trace.scriptMs - trace.styleAndLayoutMs);
  const forced = trace.forcedStyleAndLayoutMs >= 1 ? `, of which forced style + layout ${ms(trace.forcedStyleAndLayoutMs)}` : '';
  return `${ms(trace.durationMs)} ms at ${ms(trace.atMs)} ms: script ${ms(trace.scriptMs)}${scripts ? ` (${scripts})` : ''}${forced}, style + layout ${ms(trace.styleAndLayoutMs)}, other ${ms(other)}`;
}

/** The longest frame over a contender's runs: the worst case is the one a target miss is about. */
export function longestFrameOf(runs: readonly RunRecord[]): LongFrameTrace | null {
  let longest: LongFrameTrace | null = null;
  for (const run of runs) {
    const trace = run.status === 'ok' ? (run.page?.longestFrame ?? null) : null;
    if (trace !== null && (longest === null || trace.durationMs > longest.durationMs)) longest = trace;
  }
  return longest;
}
