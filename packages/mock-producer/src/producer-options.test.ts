import { describe, expect, it } from 'vitest';
import { parseProducerOptions, resolveProducerOptions } from './producer-options.js';

describe('parseProducerOptions', () => {
  it('fills defaults', () => {
    expect(parseProducerOptions({})).toEqual({
      ok: true,
      options: { format: 'sse', tokens: 500, seed: 1, rate: 0, burst: 1, statusEvery: 0, reasoning: 0, toolCalls: 0, toolError: false, sources: 0, eventIds: false },
    });
  });

  it('parses query-string numbers and lets later inputs win without undefined erasing', () => {
    const result = parseProducerOptions({ format: 'ndjson', tokens: 10 }, { tokens: '2000', rate: '12.5', format: undefined });
    expect(result).toMatchObject({ ok: true, options: { format: 'ndjson', tokens: 2000, rate: 12.5 } });
  });

  it('ignores unknown names such as a chat body', () => {
    expect(parseProducerOptions({ messages: [], tokens: 3 })).toMatchObject({ ok: true, options: { tokens: 3 } });
  });

  it.each([
    [{ format: 'xml' }, /format.*sse, ndjson/u],
    [{ tokens: '-1' }, /"tokens" must be between 0/u],
    [{ rate: 'fast' }, /"rate" must be a number/u],
    [{ burst: 0 }, /"burst" must be between 1/u],
    [{ burst: 1.5 }, /"burst" must be a whole number/u],
    [{ httpStatus: 99 }, /"httpStatus" must be between 200 and 599/u],
    [{ dropAfter: '' }, /"dropAfter" must be a number/u],
    [{ malformedEvery: 0 }, /"malformedEvery"/u],
    [{ corpus: '  ' }, /"corpus"/u],
  ])('rejects %j with a clear message', (input, message) => {
    const result = parseProducerOptions(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('parses the part options from query strings and JSON alike', () => {
    expect(parseProducerOptions({ reasoning: '12', toolCalls: '2', toolError: 'true', sources: '3', finishReason: 'length', format: 'ai-sdk' })).toMatchObject({
      ok: true,
      options: { reasoning: 12, toolCalls: 2, toolError: true, sources: 3, finishReason: 'length' },
    });
    expect(parseProducerOptions({ toolCalls: 1, toolError: false })).toMatchObject({ ok: true, options: { toolError: false } });
  });

  it.each([
    [{ reasoning: -1 }, /"reasoning" must be between 0/u],
    [{ toolCalls: 101 }, /"toolCalls" must be between 0 and 100/u],
    [{ sources: 'many' }, /"sources" must be a number/u],
    [{ toolCalls: 1, toolError: 'yes' }, /"toolError" must be true or false/u],
    [{ finishReason: 'tool_calls' }, /"finishReason" must be one of stop, length, tool-calls, content-filter/u],
    [{ format: 'text', reasoning: 2, finishReason: 'stop' }, /text format carries only text; "reasoning", "finishReason"/u],
    [{ format: 'openai', sources: 1 }, /"sources" is not available in the openai format/u],
    [{ toolError: true }, /"toolError" needs "toolCalls"/u],
    [{ format: 'anthropic', toolCalls: 1, toolError: true }, /"toolError" needs a format that carries tool results \(sse, ndjson, ai-sdk\)/u],
  ])('rejects the part options %j a format cannot carry', (input, message) => {
    const result = parseProducerOptions(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('throws for options written in code', () => {
    expect(() => resolveProducerOptions({ tokens: -5 })).toThrow(/tokens/u);
  });
});
