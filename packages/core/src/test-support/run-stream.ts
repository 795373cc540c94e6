import { createTokenStream } from '../index.js';
import type { StreamAction, StreamSnapshot, TokenStream, TokenStreamOptions } from '../types.js';
import { immediateSchedule } from '../testing/manual-schedule.js';

export interface FinishedRun {
  readonly stream: TokenStream;
  readonly snapshot: StreamSnapshot;
  /** Every token in the order `onToken` saw it. */
  readonly tokens: readonly string[];
}

/** Runs one stream to its end with prompt flushing and returns the final snapshot. */
export async function runToEnd(options: TokenStreamOptions): Promise<FinishedRun> {
  const tokens: string[] = [];
  const stream = createTokenStream({
    schedule: immediateSchedule,
    onToken: (text) => tokens.push(text),
    ...options,
  });
  const snapshot = await stream.start();
  return { stream, snapshot, tokens };
}

/** Feeds `text` chunks straight into a protocol parser and collects what it emits (no engine). */
export function parseWith(
  protocol: { createParser(emit: (action: StreamAction) => void): { feed(text: string): void; end(): void } },
  chunks: readonly string[],
): StreamAction[] {
  const actions: StreamAction[] = [];
  const parser = protocol.createParser((action) => actions.push(action));
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return actions;
}
