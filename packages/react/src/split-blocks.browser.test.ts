import { describe, expect, it } from 'vitest';
import { createBlockSplitter, splitBlocks } from './split-blocks.js';

describe('splitBlocks', () => {
  it('splits paragraphs on blank lines and keeps single newlines inside a paragraph', () => {
    const blocks = splitBlocks('First line\nsecond line\n\n\nNext paragraph\n');
    expect(blocks.map((block) => [block.kind, block.text])).toEqual([
      ['paragraph', 'First line\nsecond line'],
      ['paragraph', 'Next paragraph'],
    ]);
  });

  it('keeps a fenced code block whole, blank lines included, with its language', () => {
    const blocks = splitBlocks('Intro\n```python\ndef f():\n\n    return 1\n```\nOutro');
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph', 'code', 'paragraph']);
    expect(blocks[1]?.text).toBe('def f():\n\n    return 1');
    expect(blocks[1]?.language).toBe('python');
    expect(blocks[1]?.source).toBe('```python\ndef f():\n\n    return 1\n```\n');
  });

  it('treats an unclosed fence as code up to the end (a block still streaming)', () => {
    const blocks = splitBlocks('```\nline one\n\nline two');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.kind).toBe('code');
    expect(blocks[0]?.text).toBe('line one\n\nline two');
  });

  it('closes a fence only with a fence at least as long, of the same character', () => {
    const blocks = splitBlocks('````\n```\nstill code\n~~~~\n````\nafter');
    expect(blocks.map((block) => block.kind)).toEqual(['code', 'paragraph']);
    expect(blocks[0]?.text).toBe('```\nstill code\n~~~~');
  });
});

describe('createBlockSplitter', () => {
  const reader = (text: string) => (start: number, end: number) => text.slice(start, end);

  it('reuses completed blocks (same objects) while the text grows, and only the tail changes', () => {
    const splitter = createBlockSplitter();
    const text = 'Alpha\n\nBeta\n\nGamma and more';
    const first = splitter.append('Alpha\n\nBeta\n\nGam'.length, reader(text));
    const second = splitter.append(text.length, reader(text));
    expect(second.map((block) => block.text)).toEqual(['Alpha', 'Beta', 'Gamma and more']);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
  });

  it('splits appended text read by range like a one-shot split, and reads nothing twice', () => {
    const text = 'Para one\nstill one\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nPara two\n\n\n~~~\nx\n~~~\nTail';
    const expected = splitBlocks(text).map((block) => ({ ...block }));
    for (const step of [1, 2, 3, 5, 7, 11]) {
      const splitter = createBlockSplitter();
      const reads: Array<[number, number]> = [];
      const readText = (start: number, end: number) => {
        reads.push([start, end]);
        return text.slice(start, end);
      };
      let result = splitter.append(0, readText);
      for (let end = step; end < text.length + step; end += step) result = splitter.append(Math.min(end, text.length), readText);
      expect(result.map((block) => ({ ...block }))).toEqual(expected);
      // Every read starts where the previous one ended: no character is read twice.
      reads.forEach(([start], index) => expect(start).toBe(index === 0 ? 0 : reads[index - 1]?.[1]));
    }
  });

  it('keeps completed blocks (same objects) across appended reads, and starts over on a shorter text or reset()', () => {
    const splitter = createBlockSplitter();
    const source = 'Alpha\n\nBeta\n\nGamma and more';
    const readText = (start: number, end: number) => source.slice(start, end);
    const first = splitter.append(17, readText);
    const second = splitter.append(source.length, readText);
    expect(second.map((block) => block.text)).toEqual(['Alpha', 'Beta', 'Gamma and more']);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);

    const next = 'New';
    expect(splitter.append(next.length, reader(next)).map((block) => block.text)).toEqual(['New']);
    splitter.reset();
    const longer = 'Another run that is longer';
    expect(splitter.append(longer.length, reader(longer)).map((block) => block.text)).toEqual([longer]);
  });
});
