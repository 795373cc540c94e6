import { createTokenSource } from '@sluice/mock-producer/browser';
import type { RunParameters } from './bench-protocol';

/**
 * The length of each stream's final text (stream `index` uses seed `index + 1`). A run that is
 * stopped never completes, so its streams expect more than they will ever get.
 */
export function expectedLengths(parameters: RunParameters, corpus: string | null): number[] {
  return Array.from({ length: parameters.streams }, (_, index) => {
    if (parameters.stopAfterMs > 0) return Number.POSITIVE_INFINITY;
    // The producer replays the corpus once, token for token (see run-session.ts).
    if (corpus !== null) return corpus.length;
    let length = 0;
    for (const token of createTokenSource({ seed: index + 1, tokens: parameters.tokens })) length += token.length;
    return length;
  });
}
