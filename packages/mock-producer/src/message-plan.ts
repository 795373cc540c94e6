import type { ProducerOptions } from './producer-options.js';

/** One tool call of a planned message: what it is called with and what it answers. */
export interface ToolCallPlan {
  /** `call_1`, `call_2`, …: the tool call id on every wire that carries one. */
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** `JSON.stringify(input)`: the text the input deltas add up to. */
  inputText: string;
  /** `inputText` cut into the pieces that are streamed, one delta each. */
  inputDeltas: string[];
  /** The result, in formats that carry tool results; absent when the call fails. */
  output?: Record<string, unknown>;
  /** Why the call failed (`toolError`); absent when it succeeds. */
  errorText?: string;
}

/** One url source cited by the answer. */
export interface SourcePlan {
  /** `source-1`, `source-2`, … */
  id: string;
  url: string;
  title: string;
}

/** Reasoning is replayed from this text, so it reads like thinking and stays the same for every seed. */
export const reasoningCorpus =
  'Let me think about this first. The question is about streams, so I should explain backpressure ' +
  'before cancellation, check each step, and keep the answer short and concrete.';

const cities = ['Zürich', 'Lisbon', 'Kyoto', 'Québec'];
const topics = ['backpressure', 'cancellation', 'frame budget'];
/** Code points per input delta: small enough that every call streams in several deltas. */
const inputDeltaLength = 6;

function callContent(position: number): { name: string; input: Record<string, unknown>; output: Record<string, unknown> } {
  const round = Math.floor((position - 1) / 3);
  switch ((position - 1) % 3) {
    case 0:
      return {
        name: 'get_weather',
        input: { city: cities[round % cities.length], days: position },
        output: { temperatureC: 17 + position, conditions: 'clear', city: cities[round % cities.length] },
      };
    case 1:
      return {
        name: 'search_docs',
        input: { query: topics[round % topics.length], limit: 3 },
        output: { hits: [`docs/${position}/streams.md`, `docs/${position}/buffers.md`], total: 2 },
      };
    default:
      return {
        name: 'lookup_order',
        input: { orderId: `A-${1000 + position}`, includeItems: true },
        output: { orderId: `A-${1000 + position}`, status: 'shipped', items: position },
      };
  }
}

/** Splits by code points so no delta ends inside a surrogate pair. */
function cutIntoDeltas(text: string): string[] {
  const points = Array.from(text);
  const deltas: string[] = [];
  for (let start = 0; start < points.length; start += inputDeltaLength) deltas.push(points.slice(start, start + inputDeltaLength).join(''));
  return deltas;
}

/** The tool calls a stream with these options makes, in order. */
export function planToolCalls(options: Pick<ProducerOptions, 'toolCalls' | 'toolError'>): ToolCallPlan[] {
  const calls: ToolCallPlan[] = [];
  for (let position = 1; position <= options.toolCalls; position += 1) {
    const { name, input, output } = callContent(position);
    const inputText = JSON.stringify(input);
    const call: ToolCallPlan = { id: `call_${position}`, name, input, inputText, inputDeltas: cutIntoDeltas(inputText) };
    if (options.toolError) call.errorText = `mock tool error: ${name} failed (toolError)`;
    else call.output = output;
    calls.push(call);
  }
  return calls;
}

/** The url sources a stream with these options cites, in order. */
export function planSources(options: Pick<ProducerOptions, 'sources'>): SourcePlan[] {
  const sources: SourcePlan[] = [];
  for (let position = 1; position <= options.sources; position += 1) {
    sources.push({
      id: `source-${position}`,
      url: `https://example.com/sluice/source-${position}`,
      title: `Source ${position}: ${topics[(position - 1) % topics.length]}`,
    });
  }
  return sources;
}

/**
 * How the answer's tokens are split into text parts. With tool calls there is a part before them
 * and one after them (the first gets the odd token); OpenAI Chat Completions has no text part
 * boundary, so there all text is one part before the calls.
 */
export function planTextParts(options: Pick<ProducerOptions, 'tokens' | 'toolCalls' | 'format'>): number[] {
  if (options.toolCalls === 0 || options.format === 'openai') return [options.tokens];
  const first = Math.ceil(options.tokens / 2);
  return options.tokens - first > 0 ? [first, options.tokens - first] : [first];
}
