import { concatBytes } from '../concat-bytes.js';
import { resolveProducerOptions } from '../producer-options.js';
import type { ProducerOptionsInput } from '../producer-options.js';
import { createWireSteps } from '../wire-steps.js';
import type { WireStep } from '../wire-steps.js';

/**
 * What the producer writes for these options, without a transport: every step, and their
 * chunks as one byte array. The reference the server, `mockFetch` and resume tests compare with.
 */
export function producedWire(input: ProducerOptionsInput): { steps: WireStep[]; bytes: Uint8Array } {
  const steps = [...createWireSteps(resolveProducerOptions(input))];
  return { steps, bytes: concatBytes(steps.map((step) => step.chunk)) };
}
