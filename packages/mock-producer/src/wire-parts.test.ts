import type { FinishReason, MessagePart } from '@sluice/core';
import { describe, expect, it } from 'vitest';
import { expectedFinishReason, expectedParts, expectedText } from './expected-message.js';
import { producerFinishReasons, wireFormats } from './producer-options.js';
import type { ProducerOptionsInput, WireFormat } from './producer-options.js';
import { producedWire } from './test-support/produced-wire.js';
import { readWire } from './test-support/read-wire.js';

function bytesOf(input: ProducerOptionsInput): Uint8Array {
  return producedWire(input).bytes;
}

function wireText(input: ProducerOptionsInput): string {
  return new TextDecoder().decode(bytesOf(input));
}

const partFormats = wireFormats.filter((format) => format !== 'text');
const resultFormats: WireFormat[] = ['sse', 'ndjson', 'ai-sdk'];

describe.each(partFormats)('%s with parts switched on', (format) => {
  const sources = format === 'openai' ? 0 : 2;
  const options: ProducerOptionsInput = { format, seed: 3, tokens: 40, reasoning: 9, toolCalls: 2, sources, burst: 4 };

  it('reads back as the expected parts, text and finish reason, with nothing undocumented', () => {
    const reading = readWire(format, bytesOf(options));
    expect(reading.unknown).toEqual([]);
    expect(reading.malformed).toBe(0);
    expect(reading.terminal).toBe('done');
    expect(reading.parts).toEqual(expectedParts(options));
    expect(reading.text).toBe(expectedText(options));
    expect(reading.finishReason).toBe(expectedFinishReason(options));
    expect(reading.tokens).toBe(40);
  });

  it('puts reasoning first, the tool calls between text parts (all text first in openai), sources after the last text', () => {
    const types = expectedParts(options).map((part) => part.type);
    if (format === 'openai') expect(types).toEqual(['reasoning', 'text', 'tool', 'tool']);
    else expect(types).toEqual(['reasoning', 'text', 'tool', 'tool', 'text', 'source', 'source']);
    const text = expectedText(options);
    if (format === 'openai') expect(text).toBe(expectedText({ seed: 3, tokens: 40 }));
    else expect(text).toBe(`${expectedText({ seed: 3, tokens: 20 })}\n\n${expectedText({ seed: 3, tokens: 40 }).slice(expectedText({ seed: 3, tokens: 20 }).length)}`);
  });

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    expect(bytesOf(options)).toEqual(bytesOf(options));
    expect(bytesOf(options)).not.toEqual(bytesOf({ ...options, seed: 4 }));
  });

  it.each(producerFinishReasons)('carries finishReason %s in the format’s own words', (finishReason) => {
    const withReason = { ...options, finishReason };
    const reading = readWire(format, bytesOf(withReason));
    expect(reading.finishReason).toBe(expectedFinishReason(withReason));
    expect(reading.parts).toEqual(expectedParts(withReason));
  });

  it('keeps every part received before an error mid-reasoning, and before a drop mid-tool-input', () => {
    const broken = readWire(format, bytesOf({ ...options, errorAfter: 5 }));
    expect(broken.terminal).toBe('error');
    expect(broken.errorMessage).toBe('mock producer error after 5 tokens (errorAfter)');
    const firstFive = expectedParts({ format, tokens: 0, reasoning: 5 })[0];
    expect(firstFive?.type).toBe('reasoning');
    expect(broken.parts).toEqual([{ ...firstFive, state: broken.parts[0]?.type === 'reasoning' ? broken.parts[0].state : 'missing' }]);
    // 9 reasoning deltas, 20 (openai: 40) text tokens, then the first tool's input pieces.
    const textBefore = format === 'openai' ? 40 : 20;
    const cut = readWire(format, bytesOf({ ...options, dropAfter: 9 + textBefore + 2 }));
    expect(cut.terminal).toBe(null);
    const tool = cut.parts.find((part) => part.type === 'tool');
    expect(tool).toMatchObject({ id: 'call_1', name: 'get_weather', state: 'input-streaming' });
    const fullInput = (expectedParts(options).find((part) => part.type === 'tool') as { inputText: string }).inputText;
    expect(fullInput.startsWith((tool as { inputText: string }).inputText)).toBe(true);
    expect((tool as { inputText: string }).inputText.length).toBeLessThan(fullInput.length);
  });
});

describe.each(resultFormats)('%s tool results', (format) => {
  it('ends each call with its output, or with toolError its error', () => {
    const ok = readWire(format, bytesOf({ format, tokens: 6, toolCalls: 3 }));
    expect(ok.parts.filter((part) => part.type === 'tool').map((part) => part.state)).toEqual(['output-available', 'output-available', 'output-available']);
    expect(ok.parts).toEqual(expectedParts({ format, tokens: 6, toolCalls: 3 }));
    const failing = { format, tokens: 6, toolCalls: 2, toolError: true };
    const reading = readWire(format, bytesOf(failing));
    expect(reading.parts).toEqual(expectedParts(failing));
    expect(reading.parts.filter((part) => part.type === 'tool')).toEqual([
      expect.objectContaining({ state: 'output-error', errorText: 'mock tool error: get_weather failed (toolError)' }),
      expect.objectContaining({ state: 'output-error', errorText: 'mock tool error: search_docs failed (toolError)' }),
    ]);
  });
});

describe('expectedParts', () => {
  it('has the shape of @sluice/core’s MessagePart and FinishReason (checked by the typecheck)', () => {
    const options = { format: 'ai-sdk', reasoning: 2, toolCalls: 1, sources: 1, finishReason: 'tool-calls' } as const;
    const parts: readonly MessagePart[] = expectedParts(options);
    const reason: FinishReason | null = expectedFinishReason(options);
    expect(parts.map((part) => part.type)).toEqual(['reasoning', 'text', 'tool', 'text', 'source']);
    expect(reason).toBe('tool-calls');
  });

  it('describes a tool call fully: name, streamed JSON input text, parsed input, output', () => {
    const [tool] = expectedParts({ format: 'ai-sdk', tokens: 0, toolCalls: 1 }).filter((part) => part.type === 'tool');
    expect(tool).toEqual({
      type: 'tool',
      id: 'call_1',
      name: 'get_weather',
      inputText: '{"city":"Zürich","days":1}',
      input: { city: 'Zürich', days: 1 },
      output: { temperatureC: 18, conditions: 'clear', city: 'Zürich' },
      state: 'output-available',
    });
  });

  it('leaves tool calls at input-available where the client runs the tool', () => {
    for (const format of ['openai', 'anthropic', 'openai-responses'] as const) {
      const tools = expectedParts({ format, toolCalls: 2 }).filter((part) => part.type === 'tool');
      expect(tools.map((part) => [part.id, part.state, 'output' in part])).toEqual([
        ['call_1', 'input-available', false],
        ['call_2', 'input-available', false],
      ]);
    }
  });

  it('is one text part equal to the joined tokens when only the older options are set', () => {
    expect(expectedParts({ seed: 8, tokens: 30 })).toEqual([{ type: 'text', id: 't1', text: expectedText({ seed: 8, tokens: 30 }), state: 'done' }]);
  });

  it('throws with a hint on options a format cannot carry', () => {
    expect(() => expectedParts({ format: 'text', reasoning: 2 })).toThrow(/text format carries only text/u);
  });
});

describe('wire shapes', () => {
  it('sse: named events of the producer’s shape between unnamed text events', () => {
    const body = wireText({ format: 'sse', corpus: 'Hi there', tokens: 2, reasoning: 1, toolCalls: 1, sources: 1, finishReason: 'tool-calls' });
    expect(body).toBe(
      [
        'event: reasoning\ndata: Let\n\n',
        'event: reasoning-end\ndata: \n\n',
        'data: Hi\n\n',
        'event: tool-input-start\ndata: {"id":"call_1","name":"get_weather"}\n\n',
        'event: tool-input-delta\ndata: {"id":"call_1","delta":"{\\"city"}\n\n',
        'event: tool-input-delta\ndata: {"id":"call_1","delta":"\\":\\"Zür"}\n\n',
        'event: tool-input-delta\ndata: {"id":"call_1","delta":"ich\\",\\""}\n\n',
        'event: tool-input-delta\ndata: {"id":"call_1","delta":"days\\":"}\n\n',
        'event: tool-input-delta\ndata: {"id":"call_1","delta":"1}"}\n\n',
        'event: tool-input-available\ndata: {"id":"call_1","input":{"city":"Zürich","days":1}}\n\n',
        'event: tool-output\ndata: {"id":"call_1","output":{"temperatureC":18,"conditions":"clear","city":"Zürich"}}\n\n',
        'data:  there\n\n',
        'event: source\ndata: {"id":"source-1","url":"https://example.com/sluice/source-1","title":"Source 1: backpressure"}\n\n',
        'event: finish\ndata: {"reason":"tool-calls"}\n\n',
        'event: done\ndata: \n\n',
      ].join(''),
    );
  });

  it('ndjson: one record per part event', () => {
    const body = wireText({ format: 'ndjson', corpus: 'Hi', tokens: 1, reasoning: 1, toolCalls: 1, toolError: true, finishReason: 'stop' });
    const types = body
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual([
      'reasoning', 'reasoning-end', 'token', 'tool-input-start',
      'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta',
      'tool-input-available', 'tool-error', 'finish', 'done',
    ]);
    expect(body).toContain('{"type":"tool-error","id":"call_1","errorText":"mock tool error: get_weather failed (toolError)"}\n');
    expect(body).toContain('{"type":"finish","reason":"stop"}\n{"type":"done"}\n');
  });

  it('openai: reasoning_content, content, tool_calls by index, finish_reason', () => {
    const body = wireText({ format: 'openai', corpus: 'Hi', tokens: 1, reasoning: 1, toolCalls: 2, finishReason: 'tool-calls' });
    const deltas = body
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => JSON.parse(frame.slice(6)) as { choices: Array<{ delta: unknown; finish_reason: string | null }> });
    expect(deltas.slice(0, 4).map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Let' },
      { content: 'Hi' },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
    ]);
    expect(deltas[4]?.choices[0]?.delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city' } }] });
    expect(deltas.map((chunk) => chunk.choices[0]?.delta)).toContainEqual({
      tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'search_docs', arguments: '' } }],
    });
    expect(deltas.at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool-calls', 'tool_calls'],
    ['content-filter', 'content_filter'],
  ] as const)('openai finish_reason for %s is %s', (finishReason, word) => {
    expect(wireText({ format: 'openai', tokens: 1, finishReason })).toContain(`"finish_reason":"${word}"`);
  });

  it('anthropic: thinking, text with citations, tool_use with input_json_delta, blocks by index', () => {
    const body = wireText({ format: 'anthropic', corpus: 'Hi there', tokens: 2, reasoning: 1, toolCalls: 1, sources: 1 });
    const reading = readWire('anthropic', bytesOf({ format: 'anthropic', corpus: 'Hi there', tokens: 2, reasoning: 1, toolCalls: 1, sources: 1 }));
    expect(reading.eventNames).toEqual([
      'message_start',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(body).toContain('data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}\n');
    expect(body).toContain('data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let"}}\n');
    expect(body).toContain('"delta":{"type":"signature_delta","signature":');
    expect(body).toContain('data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}\n');
    expect(body).toContain('data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city"}}\n');
    expect(body).toContain(
      'data: {"type":"content_block_delta","index":3,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location","cited_text":"Source 1: backpressure","url":"https://example.com/sluice/source-1","title":"Source 1: backpressure",',
    );
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool-calls', 'tool_use'],
    ['content-filter', 'refusal'],
  ] as const)('anthropic stop_reason for %s is %s', (finishReason, word) => {
    expect(wireText({ format: 'anthropic', tokens: 1, finishReason })).toContain(`"delta":{"stop_reason":"${word}","stop_sequence":null}`);
  });

  it('openai-responses: typed events named by type, sequence_number on every event from 0', () => {
    const options = { format: 'openai-responses' as const, corpus: 'Hi there', tokens: 2, reasoning: 1, toolCalls: 1, sources: 1 };
    const reading = readWire('openai-responses', bytesOf(options));
    expect(reading.sequenceNumbers).toEqual(reading.eventNames.map((_, index) => index));
    expect(reading.eventNames).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.annotation.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const body = wireText(options);
    expect(body).toContain(
      'data: {"type":"response.output_item.added","sequence_number":14,"output_index":2,"item":{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_1","name":"get_weather","arguments":""}}\n',
    );
    expect(body).toContain('data: {"type":"response.function_call_arguments.delta","sequence_number":15,"item_id":"fc_1","output_index":2,"delta":"{\\"city"}\n');
    expect(body).toContain(
      '"annotation":{"type":"url_citation","start_index":0,"end_index":6,"url":"https://example.com/sluice/source-1","title":"Source 1: backpressure"}',
    );
    expect(body).toContain('data: {"type":"response.output_text.delta","sequence_number":10,"item_id":"t1","output_index":1,"content_index":0,"delta":"Hi","logprobs":[]}\n');
  });

  it.each([
    ['length', 'response.incomplete', 'max_output_tokens'],
    ['content-filter', 'response.incomplete', 'content_filter'],
    ['stop', 'response.completed', null],
  ] as const)('openai-responses ends %s with %s', (finishReason, terminal, reason) => {
    const body = wireText({ format: 'openai-responses', tokens: 3, finishReason });
    const last = body.trim().split('\n\n').at(-1) as string;
    expect(last.startsWith(`event: ${terminal}\n`)).toBe(true);
    if (reason !== null) expect(last).toContain(`"incomplete_details":{"reason":"${reason}"}`);
  });

  it('openai-responses: the error event carries the message and a sequence number', () => {
    expect(wireText({ format: 'openai-responses', tokens: 3, errorAfter: 1 })).toMatch(
      /event: error\ndata: \{"type":"error","sequence_number":\d+,"code":"server_error","message":"mock producer error after 1 tokens \(errorAfter\)","param":null\}\n\n$/u,
    );
  });

  it('ai-sdk: every UI message stream chunk type for reasoning, tools, sources, steps and finishReason', () => {
    const body = wireText({ format: 'ai-sdk', corpus: 'Hi there', tokens: 2, reasoning: 1, toolCalls: 1, sources: 1, finishReason: 'length' });
    const chunks = body
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => JSON.parse(frame.slice(6)) as Record<string, unknown>);
    expect(chunks).toEqual([
      { type: 'start', messageId: 'msg-mock' },
      { type: 'start-step' },
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'Let' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Hi' },
      { type: 'text-end', id: 't1' },
      { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city' },
      { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '":"Zür' },
      { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: 'ich","' },
      { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: 'days":' },
      { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '1}' },
      { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Zürich', days: 1 } },
      { type: 'tool-output-available', toolCallId: 'call_1', output: { temperatureC: 18, conditions: 'clear', city: 'Zürich' } },
      { type: 'finish-step' },
      { type: 'start-step' },
      { type: 'text-start', id: 't2' },
      { type: 'text-delta', id: 't2', delta: ' there' },
      { type: 'source-url', sourceId: 'source-1', url: 'https://example.com/sluice/source-1', title: 'Source 1: backpressure' },
      { type: 'text-end', id: 't2' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'length' },
    ]);
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('counts every delta for status percentages, so a parts stream still reaches 100', () => {
    const reading = readWire('ai-sdk', bytesOf({ format: 'ai-sdk', tokens: 10, reasoning: 5, toolCalls: 1, statusEvery: 1 }));
    expect(reading.statuses.at(-1)).toMatchObject({ percent: 100 });
  });
});
