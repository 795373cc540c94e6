import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { RunSession } from '../run-session';
import type { ContenderProps } from './contender-props';
import { streamIndexes } from './contender-props';

/** Reads and decodes one body with nothing else: the cost no renderer can go under. */
async function readAndDecode(session: RunSession, index: number, signal: AbortSignal): Promise<void> {
  try {
    const response = await session.fetch(session.streamUrl(index), { signal });
    if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    session.reportUnrenderedLength(index, text.length);
  } catch (error) {
    if (!signal.aborted) session.fail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The read+decode floor, in the same page and through the same metered fetch as the contenders.
 * Only the text format is comparable: for other formats the floor would count envelope bytes.
 */
export function ReadFloor({ session }: ContenderProps): ReactNode {
  const controllers = useRef<AbortController[]>([]);
  useEffect(() => {
    for (const index of streamIndexes(session)) {
      session.register(index, {
        start: () => {
          const controller = new AbortController();
          controllers.current[index] = controller;
          void readAndDecode(session, index, controller.signal);
        },
        stop: () => controllers.current[index]?.abort(),
      });
    }
  }, [session]);
  return <p>read + decode only: nothing is rendered</p>;
}
