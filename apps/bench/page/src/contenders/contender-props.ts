import type { HistoryMessage } from '../history';
import type { RunSession } from '../run-session';

export interface ContenderProps {
  session: RunSession;
  /** Messages rendered above the streaming answer (empty unless the scenario has history). */
  history: readonly HistoryMessage[];
}

/** Indexes 0..streams-1, one per concurrent stream. */
export function streamIndexes(session: RunSession): number[] {
  return Array.from({ length: session.parameters.streams }, (_, index) => index);
}
