import type { ReasoningPart, SourcePart, TextPart, ToolPart } from '@sluice/core';
import { reasoningPartId, textPartId } from './message-events.js';
import { planSources, planTextParts, planToolCalls, reasoningCorpus } from './message-plan.js';
import { resolveProducerOptions } from './producer-options.js';
import type { ProducerFinishReason, ProducerOptions, ProducerOptionsInput, WireFormat } from './producer-options.js';
import { createTokenSource } from './token-source.js';

/**
 * The parts the producer sends: `@sluice/core`'s parts, settled (text and reasoning `done`,
 * a tool call with its input, result or error).
 */
export type ExpectedPart =
  | (TextPart & { state: 'done' })
  | (ReasoningPart & { state: 'done' })
  | (ToolPart & { state: 'input-available' | 'output-available' | 'output-error' })
  | SourcePart;

/** Why a consumer should see the answer stop, in `@sluice/core`'s `FinishReason` words, or null. */
export type ExpectedFinishReason = ProducerFinishReason | 'refusal' | null;

/** Formats that open a text part explicitly, so even an empty one is a part. */
const formatsWithTextStart: readonly WireFormat[] = ['ai-sdk', 'anthropic', 'openai-responses'];
/** Formats whose wire carries tool results; elsewhere a call ends with its input. */
const formatsWithToolResults: readonly WireFormat[] = ['sse', 'ndjson', 'ai-sdk'];

function joinTokens(options: { corpus?: string; seed?: number; tokens: number }, skip: number): string {
  let text = '';
  let position = 0;
  for (const token of createTokenSource({ ...options, tokens: skip + options.tokens })) {
    if (position >= skip) text += token;
    position += 1;
  }
  return text;
}

/**
 * The parts a consumer should end with after a complete stream with these options (no fault),
 * in arrival order and in the shape of `@sluice/core`'s `MessagePart`: reasoning, the first text part,
 * then (with `toolCalls`) the calls and the second text part, with url sources after the last
 * text part's start. Every part is settled (`state: 'done'`, tools `output-available`,
 * `output-error` with `toolError`, or `input-available` where the client runs the tool).
 *
 * Ids are the producer's: `r1`, `t1`, `t2`, `call_1` …, `source-1` …. They are on the wire
 * wherever the format carries an id for that part (every part in ai-sdk; tool calls in every
 * format; items in openai-responses, where `call_1` is the function call's `call_id`); where it
 * does not, a consumer names the part itself, so compare those without `id`.
 *
 * @example
 * ```ts
 * expectedParts({ format: 'ai-sdk', tokens: 20, reasoning: 5, toolCalls: 1 }).map((part) => part.type);
 * // ['reasoning', 'text', 'tool', 'text']
 * ```
 */
export function expectedParts(input: ProducerOptionsInput = {}): ExpectedPart[] {
  const options: ProducerOptions = resolveProducerOptions(input);
  const parts: ExpectedPart[] = [];
  if (options.reasoning > 0) {
    parts.push({ type: 'reasoning', id: reasoningPartId, text: joinTokens({ corpus: reasoningCorpus, tokens: options.reasoning }, 0), state: 'done' });
  }
  const textCounts = planTextParts(options);
  const sources: ExpectedPart[] = planSources(options).map((source) => ({ type: 'source', id: source.id, url: source.url, title: source.title }));
  const textPart = (position: number, skip: number): ExpectedPart[] => {
    const text = joinTokens({ corpus: options.corpus, seed: options.seed, tokens: textCounts[position - 1] as number }, skip);
    const part: ExpectedPart = { type: 'text', id: textPartId(position), text, state: 'done' };
    const kept = text !== '' || formatsWithTextStart.includes(options.format) ? [part] : [];
    return position === textCounts.length ? [...kept, ...sources] : kept;
  };
  parts.push(...textPart(1, 0));
  const carriesResults = formatsWithToolResults.includes(options.format);
  for (const call of planToolCalls(options)) {
    const base = { type: 'tool' as const, id: call.id, name: call.name, inputText: call.inputText, input: call.input };
    if (!carriesResults) parts.push({ ...base, state: 'input-available' });
    else if (call.errorText !== undefined) parts.push({ ...base, state: 'output-error', errorText: call.errorText });
    else parts.push({ ...base, state: 'output-available', output: call.output });
  }
  if (textCounts.length > 1) parts.push(...textPart(2, textCounts[0] as number));
  return parts;
}

/**
 * The text a consumer should end up showing: the text parts of {@link expectedParts} joined with
 * a blank line, as `snapshot.text` is. For a stream without tool calls (every stream that only
 * sets the older options) it is exactly the tokens joined.
 *
 * @example
 * ```ts
 * expect(snapshot.text).toBe(expectedText({ seed: 3, tokens: 1500 }));
 * ```
 */
export function expectedText(input: ProducerOptionsInput = {}): string {
  return expectedParts(input)
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n\n');
}

/**
 * The `finishReason` a consumer should end with after a complete stream, or null where the wire
 * names none (sse, ndjson and ai-sdk without the option, and text). Anthropic has no content-filter
 * word: its `refusal` stop reason reads as `'refusal'`. Responses says `response.completed` for
 * both `stop` and `tool-calls`, so there the tool calls decide.
 */
export function expectedFinishReason(input: ProducerOptionsInput = {}): ExpectedFinishReason {
  const options = resolveProducerOptions(input);
  const asked = options.finishReason ?? null;
  switch (options.format) {
    case 'text':
      return null;
    case 'sse':
    case 'ndjson':
    case 'ai-sdk':
      return asked;
    case 'openai':
      return asked ?? 'stop';
    case 'anthropic':
      return asked === 'content-filter' ? 'refusal' : (asked ?? 'stop');
    case 'openai-responses':
      if (asked === 'length' || asked === 'content-filter') return asked;
      return options.toolCalls > 0 ? 'tool-calls' : 'stop';
  }
}
