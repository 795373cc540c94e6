import { describe, expect, it } from 'vitest';
import { expectedText } from './expected-message.js';
import { createTokenSource, splitIntoTokens } from './token-source.js';

describe('createTokenSource', () => {
  it('yields the same tokens for the same seed and different ones for another seed', () => {
    const first = [...createTokenSource({ seed: 7, tokens: 300 })];
    const again = [...createTokenSource({ seed: 7, tokens: 300 })];
    const other = [...createTokenSource({ seed: 8, tokens: 300 })];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('yields exactly the requested count, and none for zero', () => {
    expect([...createTokenSource({ tokens: 1234 })]).toHaveLength(1234);
    expect([...createTokenSource({ tokens: 0 })]).toEqual([]);
    expect([...createTokenSource()]).toHaveLength(500);
  });

  it('mixes word tokens, paragraph breaks, code fences and multi-byte UTF-8', () => {
    const tokens = [...createTokenSource({ seed: 1, tokens: 5000 })];
    const text = tokens.join('');
    expect(tokens.filter((token) => /^ \S/u.test(token)).length).toBeGreaterThan(2500);
    expect(text).toContain('\n\n');
    expect(text).toContain('```ts\n');
    expect(tokens.some((token) => new TextEncoder().encode(token).length > token.length)).toBe(true);
    expect(text).toMatch(/😀|—|é/u);
    expect(tokens.every((token) => token.length > 0)).toBe(true);
  });

  it('expectedText is the concatenation of the tokens', () => {
    const options = { seed: 3, tokens: 400 };
    expect(expectedText(options)).toBe([...createTokenSource(options)].join(''));
  });

  it('replays a corpus with its whitespace, from the start when it runs out', () => {
    expect(splitIntoTokens('Hello  there,\nfriend')).toEqual(['Hello', '  there,', '\nfriend']);
    expect(expectedText({ corpus: 'one two three', tokens: 5 })).toBe('one two three\n\none two');
  });
});
