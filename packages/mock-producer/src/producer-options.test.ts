import { describe, expect, it } from 'vitest';
import { parseProducerOptions, resolveProducerOptions } from './producer-options.js';

describe('parseProducerOptions', () => {
  it('fills defaults', () => {
    expect(parseProducerOptions({})).toEqual({
      ok: true,
      options: { format: 'sse', tokens: 500, seed: 1, rate: 0, burst: 1, statusEvery: 0, reasoning: 0, toolCalls: 0, toolError: false, sources: 0 },
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

  it('throws for options written in code', () => {
    expect(() => resolveProducerOptions({ tokens: -5 })).toThrow(/tokens/u);
  });
});
