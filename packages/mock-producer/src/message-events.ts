import type { SourcePlan, ToolCallPlan } from './message-plan.js';
import { planSources, planTextParts, planToolCalls, reasoningCorpus } from './message-plan.js';
import type { ProducerOptions } from './producer-options.js';
import { createTokenSource } from './token-source.js';

/**
 * What happens in a message, independent of the wire: each encoder writes these in its
 * provider's words. Deltas (`reasoning-delta`, `text-delta`, `tool-input-delta`) are the units
 * that pacing, `burst`, faults and status updates count.
 */
export type MessageEvent =
  | { type: 'reasoning-start'; id: string }
  | { type: 'reasoning-delta'; id: string; text: string }
  | { type: 'reasoning-end'; id: string }
  | { type: 'text-start'; id: string }
  /** `index`: answer tokens before this one (a format may add keep-alive frames by it). */
  | { type: 'text-delta'; id: string; text: string; index: number }
  | { type: 'text-end'; id: string }
  | { type: 'tool-input-start'; call: ToolCallPlan }
  | { type: 'tool-input-delta'; call: ToolCallPlan; delta: string }
  | { type: 'tool-input-end'; call: ToolCallPlan }
  /** The call's output or error; formats where the client runs the tool write nothing. */
  | { type: 'tool-result'; call: ToolCallPlan }
  | { type: 'source'; source: SourcePlan }
  /** Tool results are in; the model starts a new step (AI SDK `finish-step` + `start-step`). */
  | { type: 'step-boundary' };

export type MessageDelta = Extract<MessageEvent, { type: 'reasoning-delta' | 'text-delta' | 'tool-input-delta' }>;

export function isDelta(event: MessageEvent): event is MessageDelta {
  return event.type === 'reasoning-delta' || event.type === 'text-delta' || event.type === 'tool-input-delta';
}

/** Reasoning part id, then text part ids: the same in every format (where the wire carries one). */
export const reasoningPartId = 'r1';
export function textPartId(position: number): string {
  return `t${position}`;
}

/** How many deltas a complete stream with these options sends (status percentages count by it). */
export function countDeltas(options: ProducerOptions): number {
  return options.reasoning + options.tokens + planToolCalls(options).reduce((total, call) => total + call.inputDeltas.length, 0);
}

/**
 * The message for a set of options as a lazy sequence of events: reasoning, the first text part,
 * the tool calls, the second text part; sources at the end of the last text part. Pure.
 */
export function* createMessageEvents(options: ProducerOptions): Generator<MessageEvent, void, undefined> {
  if (options.reasoning > 0) {
    yield { type: 'reasoning-start', id: reasoningPartId };
    for (const text of createTokenSource({ corpus: reasoningCorpus, tokens: options.reasoning })) {
      yield { type: 'reasoning-delta', id: reasoningPartId, text };
    }
    yield { type: 'reasoning-end', id: reasoningPartId };
  }
  const textParts = planTextParts(options);
  const calls = planToolCalls(options);
  const sources = planSources(options);
  const answer = createTokenSource(options);
  let index = 0;
  // Plain loops rather than a nested generator: every answer token passes through here.
  for (let position = 1; position <= textParts.length; position += 1) {
    if (position === 2) yield { type: 'step-boundary' };
    const id = textPartId(position);
    yield { type: 'text-start', id };
    const end = index + (textParts[position - 1] as number);
    while (index < end) {
      const next = answer.next();
      if (next.done === true) break;
      yield { type: 'text-delta', id, text: next.value, index };
      index += 1;
    }
    if (position === textParts.length) for (const source of sources) yield { type: 'source', source };
    yield { type: 'text-end', id };
    if (position === 1) {
      for (const call of calls) {
        yield { type: 'tool-input-start', call };
        for (const delta of call.inputDeltas) yield { type: 'tool-input-delta', call, delta };
        yield { type: 'tool-input-end', call };
        yield { type: 'tool-result', call };
      }
    }
  }
}
