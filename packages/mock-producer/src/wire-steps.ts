import { concatBytes } from './concat-bytes.js';
import { createEncoder } from './encoders/create-encoder.js';
import type { ProducerFault, ProducerOptions } from './producer-options.js';
import { createEventFraming } from './event-framing.js';
import { countDeltas, createMessageEvents, isDelta } from './message-events.js';

/** What the writer does once a step's bytes are written. */
export type StepOutcome = 'continue' | 'done' | 'error' | 'stall' | 'drop';

/**
 * One write of a stream: the bytes of up to `burst` tokens (with any status, malformed or
 * framing events between them), and what happens after it. Both the Node server and
 * `mockFetch` replay the same steps, so they send the same bytes.
 */
export interface WireStep {
  chunk: Uint8Array;
  /** Tokens inside `chunk`; the writer paces by it. */
  tokens: number;
  then: StepOutcome;
  /** The fault that ends the stream with this step, if any. */
  fault: ProducerFault | null;
  /** With `eventIds`: the id of the last event written so far (a resume continues after it), else null. */
  lastEventId: number | null;
}

const statusLabels = ['Thinking', 'Searching', 'Reading', 'Writing'];
/** Which fault, if any, fires once `count` tokens are out. Drop wins over stall, stall over error. */
function faultAt(options: ProducerOptions, count: number): Exclude<ProducerFault, 'httpStatus'> | null {
  if (options.dropAfter === count) return 'dropAfter';
  if (options.dropEvery !== undefined && count > 0 && count % options.dropEvery === 0) return 'dropEvery';
  if (options.stallAfter === count) return 'stallAfter';
  if (options.errorAfter === count) return 'errorAfter';
  return null;
}

/** The error message a fault-injected error event carries. */
export function errorMessageAfter(count: number): string {
  return `mock producer error after ${count} tokens (errorAfter)`;
}

/**
 * The whole stream for a set of options as a lazy sequence of writes. Pure and synchronous:
 * nothing is generated until the writer asks for the next step, which is what lets a slow
 * reader hold generation back. Faults, `burst` and status updates count deltas (answer tokens,
 * reasoning tokens and tool input pieces alike).
 */
export function* createWireSteps(options: ProducerOptions): Generator<WireStep, void, undefined> {
  const encoder = createEncoder(options.format);
  const framing = createEventFraming(options);
  const totalDeltas = countDeltas(options);
  let parts: Array<string | Uint8Array> = [framing.frame(encoder.start())];
  let tokensInBatch = 0;
  /** Deltas of the whole stream so far, replayed ones included: faults and statuses count by it. */
  let written = 0;
  /** Deltas this connection has sent: a resumed one fires no fault before its first. */
  let sentHere = 0;
  const take = (then: StepOutcome, fault: ProducerFault | null): WireStep => {
    const lastEventId = options.eventIds && framing.lastId > (options.lastEventId ?? -1) ? framing.lastId : null;
    const step = { chunk: concatBytes(parts), tokens: tokensInBatch, then, fault, lastEventId };
    parts = [];
    tokensInBatch = 0;
    return step;
  };
  /** The step that ends the stream when a fault fires at this count, else null. */
  const faultStep = (): WireStep | null => {
    // The fault at the resumed position already fired on the connection that was cut there.
    if (options.lastEventId !== undefined && sentHere === 0) return null;
    const fault = faultAt(options, written);
    if (fault === null) return null;
    if (fault === 'dropAfter' || fault === 'dropEvery') return take('drop', fault);
    if (fault === 'stallAfter') return take('stall', fault);
    const event = encoder.error(errorMessageAfter(written));
    if (event === null) return take('drop', fault);
    parts.push(framing.frame(event));
    return take('error', fault);
  };

  for (const event of createMessageEvents(options)) {
    if (!isDelta(event)) {
      parts.push(framing.frame(encoder.event(event)));
      continue;
    }
    const ending = faultStep();
    if (ending !== null) {
      yield ending;
      return;
    }
    const delta = framing.frame(event.type === 'text-delta' ? encoder.token(event.text, event.index) : encoder.event(event));
    parts.push(delta);
    written += 1;
    if (delta !== '') {
      sentHere += 1;
      tokensInBatch += 1;
    }
    if (options.statusEvery > 0 && written % options.statusEvery === 0) {
      const label = statusLabels[(written / options.statusEvery - 1) % statusLabels.length] as string;
      parts.push(framing.frame(encoder.status({ percent: Math.round((written * 100) / totalDeltas), label })));
    }
    if (options.malformedEvery !== undefined && written % options.malformedEvery === 0) parts.push(framing.frameBytes(encoder.malformed()));
    if (tokensInBatch === options.burst) yield take('continue', null);
  }
  const ending = faultStep();
  if (ending !== null) {
    yield ending;
    return;
  }
  parts.push(framing.frame(encoder.done({ tokenCount: written, finishReason: options.finishReason ?? null, toolCalls: options.toolCalls })));
  yield take('done', null);
}
