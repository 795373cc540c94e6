import type { ProducerOptions } from './producer-options.js';

const textEncoder = new TextEncoder();

/**
 * Cuts encoder output into SSE events, numbers them (`id:`), drops those at or before a resume
 * cursor, and repeats every Nth one for the duplicate-id fault. Without ids it passes output
 * through untouched, so streams without `eventIds` keep their bytes.
 */
export interface EventFraming {
  /** Encoder output (one or more complete events) as it goes on the wire; `''` when all were skipped. */
  frame(output: string): string;
  /** A single event given as bytes (the malformed events). */
  frameBytes(output: Uint8Array): Uint8Array | string;
  /** True while events are still at or before the resume cursor. */
  readonly replaying: boolean;
  /** The id of the last event framed so far (written or skipped), or -1. */
  readonly lastId: number;
}

export function createEventFraming(options: Pick<ProducerOptions, 'eventIds' | 'lastEventId' | 'duplicateIdEvery'>): EventFraming {
  let lastId = -1;
  const resumeAfter = options.lastEventId ?? -1;
  const repeatEvery = options.duplicateIdEvery;
  const framing: EventFraming = {
    get replaying() {
      return lastId < resumeAfter;
    },
    get lastId() {
      return lastId;
    },
    frame(output) {
      if (!options.eventIds || output === '') return output;
      let framed = '';
      // Encoders end every event with a blank line and never put one inside an event.
      for (const event of output.split('\n\n')) {
        if (event === '') continue;
        lastId += 1;
        if (lastId <= resumeAfter) continue;
        const withId = `id: ${lastId}\n${event}\n\n`;
        framed += repeatEvery !== undefined && lastId > 0 && lastId % repeatEvery === 0 ? withId + withId : withId;
      }
      return framed;
    },
    frameBytes(output) {
      if (!options.eventIds) return output;
      lastId += 1;
      if (lastId <= resumeAfter) return '';
      const head = textEncoder.encode(`id: ${lastId}\n`);
      const bytes = new Uint8Array(head.length + output.length);
      bytes.set(head, 0);
      bytes.set(output, head.length);
      return bytes;
    },
  };
  return framing;
}
