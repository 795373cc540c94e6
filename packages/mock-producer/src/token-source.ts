import { createSeededRandom } from './seeded-random.js';

export interface TokenSourceOptions {
  /**
   * Seed of the pseudo-random generator: the same seed always yields the same tokens.
   * @defaultValue `1`
   * @example `seed: 42`
   */
  seed?: number;
  /**
   * How many tokens to yield.
   * @defaultValue `500`
   * @example `tokens: 2_000_000`
   */
  tokens?: number;
  /**
   * Text to replay instead of generated prose. It is split into tokens that keep their leading
   * whitespace and replayed (as a new paragraph) when `tokens` asks for more. The seed is then unused.
   * @defaultValue generated prose with paragraphs, fenced code and multi-byte characters
   * @example `corpus: '# Title\n\nSome *markdown* to stream.'`
   */
  corpus?: string;
}

export const defaultTokenCount = 500;
export const defaultSeed = 1;

const words = [
  'the', 'stream', 'token', 'buffer', 'frame', 'reader', 'model', 'answer', 'gate', 'water',
  'flows', 'through', 'a', 'narrow', 'channel', 'and', 'every', 'byte', 'arrives', 'in',
  'order', 'while', 'the', 'screen', 'paints', 'sixty', 'times', 'per', 'second', 'so',
  'nothing', 'is', 'lost', 'when', 'producer', 'runs', 'faster', 'than', 'consumer', 'can',
  'render', 'backpressure', 'keeps', 'memory', 'bounded', 'with', 'cancellation', 'both', 'ways', 'of',
];

// Multi-byte UTF-8 (2, 3 and 4 bytes per character) so decoders meet split code points.
const multiByteWords = [' café', ' naïve', ' —', ' 😀', ' résumé', ' 日本語', ' Zürich', ' ✓', ' €12'];

const codeLines = [
  ['const', ' total', ' =', ' items', '.reduce', '((sum,', ' item)', ' =>', ' sum', ' +', ' item,', ' 0);'],
  ['if', ' (buffered', ' >', ' highWaterMark)', ' {'],
  ['  await', ' nextFrame();'],
  ['}'],
  ['return', ' `', 'done:', ' ${', 'total', '}`;'],
  ['for', ' (const', ' chunk', ' of', ' chunks)', ' decoder', '.decode(chunk,', ' {', ' stream:', ' true', ' });'],
];

/** Generated prose: words, sentences, paragraphs, an occasional fenced code block. */
function* generateProse(seed: number): Generator<string, never, undefined> {
  const random = createSeededRandom(seed);
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)] as Item;
  let startOfSentence = true;
  let startOfParagraph = true;
  for (;;) {
    if (startOfParagraph) {
      startOfParagraph = false;
      startOfSentence = false;
      const word = pick(words);
      yield word.charAt(0).toUpperCase() + word.slice(1);
      continue;
    }
    const roll = random();
    if (roll < 0.015) {
      yield '\n\n```ts\n';
      const lineCount = 2 + Math.floor(random() * 4);
      for (let line = 0; line < lineCount; line += 1) {
        if (line > 0) yield '\n';
        yield* pick(codeLines);
      }
      yield '\n```\n\n';
      startOfParagraph = true;
    } else if (roll < 0.075) {
      yield '.';
      startOfSentence = true;
      const after = random();
      if (after < 0.2) {
        yield '\n\n';
        startOfParagraph = true;
      } else if (after < 0.28) {
        yield '\n';
        startOfParagraph = true;
      }
    } else if (roll < 0.1) {
      yield pick(multiByteWords);
    } else if (startOfSentence) {
      startOfSentence = false;
      const word = pick(words);
      yield ` ${word.charAt(0).toUpperCase()}${word.slice(1)}`;
    } else {
      yield ` ${pick(words)}`;
    }
  }
}

/** Splits text into tokens that carry their leading whitespace, so joining them restores it. */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/gu) ?? [];
}

function* replayCorpus(corpus: string): Generator<string, void, undefined> {
  const pieces = splitIntoTokens(corpus);
  const [first, ...rest] = pieces;
  if (first === undefined) return;
  yield* pieces;
  // Each replay starts as a new paragraph, so the rounds do not run into each other.
  const separator = /\s$/u.test(corpus) ? '' : '\n\n';
  const again = [`${separator}${first.trimStart()}`, ...rest];
  for (;;) yield* again;
}

/**
 * Yields `tokens` deterministic token strings: pure JavaScript, no Node APIs, safe in browsers.
 *
 * @example
 * ```ts
 * for (const token of createTokenSource({ seed: 7, tokens: 20 })) process.stdout.write(token);
 * ```
 */
export function* createTokenSource(options: TokenSourceOptions = {}): Generator<string, void, undefined> {
  const count = options.tokens ?? defaultTokenCount;
  if (count <= 0) return;
  const source = options.corpus === undefined ? generateProse(options.seed ?? defaultSeed) : replayCorpus(options.corpus);
  let produced = 0;
  for (const token of source) {
    yield token;
    produced += 1;
    if (produced >= count) return;
  }
}
