import { Lexer } from 'marked';
import type { Links, Token, Tokens } from 'marked';
import { holdAmbiguousTail } from './hold-ambiguous-tail.js';

/** One top-level block (paragraph, list, table, fence …) and what it was lexed with. */
export interface MarkdownBlock {
  readonly token: Token;
  /**
   * The reference definitions (`[id]: url`) known when the block was lexed, as a key: a
   * block with the same source lexed with other definitions may render differently.
   */
  readonly definitions: string;
}

/** What to render for one text. */
export interface MarkdownView {
  /** Blocks that no later text can change, in groups of {@link chunkSize}; full groups never change. */
  readonly settled: readonly (readonly MarkdownBlock[])[];
  /** The blocks after them, which may still change (the streaming tail, ambiguous end held back). */
  readonly live: readonly MarkdownBlock[];
}

/** Incremental lexing of a text that grows; the whole text in one go once it is finished. */
export interface IncrementalMarkdown {
  /**
   * The view of `text`. While `streaming`, only the text after the settled blocks is lexed again,
   * and a text that does not extend the previous one starts over. Calling it twice with the same
   * arguments returns the same view.
   */
  update(text: string, streaming: boolean): MarkdownView;
}

/** Settled blocks are grouped so that a renderer can skip a whole group by identity. */
export const chunkSize = 32;

type Definitions = Links;

function lex(source: string, definitions: Definitions): { tokens: Token[]; definitions: Definitions } {
  const lexer = new Lexer({ gfm: true });
  // Definitions from blocks that settled earlier resolve references in this part too.
  Object.assign(lexer.tokens.links, definitions);
  const tokens = lexer.lex(source);
  return { tokens, definitions: tokens.links };
}

function isContent(token: Token): boolean {
  return token.type !== 'space' && token.type !== 'def';
}

/** The definitions that `tokens` (nested ones included) add, the first one of a label winning. */
function collectDefinitions(tokens: readonly Token[], into: Definitions): void {
  for (const token of tokens) {
    if (token.type === 'def') {
      const definition = token as Tokens.Def;
      if (!Object.hasOwn(into, definition.tag)) into[definition.tag] = { href: definition.href, title: definition.title };
    }
    if ('tokens' in token && Array.isArray(token.tokens)) collectDefinitions(token.tokens, into);
    if (token.type === 'list') for (const item of (token as Tokens.List).items) collectDefinitions(item.tokens, into);
  }
}

const fenceOpening = /^ {0,3}(`{3,}|~{3,})/;

/** A fenced code block whose closing fence line has ended: nothing after it can reopen it. */
function isClosedFence(token: Token, followedByNewline: boolean): boolean {
  if (token.type !== 'code' || !followedByNewline) return false;
  const fence = fenceOpening.exec(token.raw)?.[1];
  if (fence === undefined) return false;
  const lines = token.raw.replace(/\n$/, '').split('\n');
  if (lines.length < 2) return false;
  const last = (lines[lines.length - 1] ?? '').trim();
  return last.length >= fence.length && [...last].every((character) => character === fence[0]);
}

// Blocks that a blank line ends for good. Lists and indented code go on after one, and so do
// some raw HTML blocks (`<pre>`, `<!--`), so they wait for the next block instead.
const endedByBlankLine = new Set(['paragraph', 'heading', 'blockquote', 'table', 'hr', 'def', 'code']);

function isEndedByBlankLine(token: Token): boolean {
  if (!endedByBlankLine.has(token.type)) return false;
  // Indented code continues after a blank line; fenced code only gets here closed.
  return token.type !== 'code' || fenceOpening.test(token.raw);
}

/**
 * How many of `tokens` (lexed from `source`) are settled. A block is settled once the block
 * after it has a finished first line: that line can no longer join it (a `-` may still become
 * an item of the list before it, `- x` on a finished line is a new list or the same list's
 * token). A paragraph, heading, quote or table followed by a blank line is settled already,
 * and so is a closed fence.
 */
function settledCount(tokens: readonly Token[], source: string): number {
  const contentIndexes: number[] = [];
  tokens.forEach((token, index) => {
    if (isContent(token)) contentIndexes.push(index);
  });
  const lastIndex = contentIndexes[contentIndexes.length - 1];
  if (lastIndex === undefined) return 0;
  // Where the last content token starts: the raws before it add up to its offset.
  let offset = 0;
  for (let index = 0; index < lastIndex; index += 1) offset += tokens[index]?.raw.length ?? 0;
  const last = tokens[lastIndex] as Token;
  const lastEnd = offset + last.raw.length;
  if (isClosedFence(last, last.raw.endsWith('\n') || source.startsWith('\n', lastEnd))) return lastIndex + 1;
  // A table, and in marked a setext heading, may have taken its first line from the paragraph
  // before it; until its second line (delimiter row, underline) has ended it can still vanish
  // and give that line back. Every other block is decided by its first line.
  const lineEnds = (last.raw.match(/\n/g)?.length ?? 0) + (source.startsWith('\n', lastEnd) ? 1 : 0);
  const decidingLines = last.type === 'table' || (last.type === 'heading' && !/^ {0,3}#/.test(last.raw)) ? 2 : 1;
  if (lineEnds >= decidingLines) return lastIndex;
  // The last block's first line is open: it might still join the block before it, unless a
  // blank line ended that one.
  const previousIndex = contentIndexes[contentIndexes.length - 2];
  if (previousIndex === undefined) return 0;
  const previous = tokens[previousIndex] as Token;
  const between = tokens.slice(previousIndex, lastIndex).map((token) => token.raw).join('');
  return isEndedByBlankLine(previous) && /\n[ \t]*\n/.test(between) ? lastIndex : previousIndex;
}

function definitionsKey(definitions: Definitions): string {
  const labels = Object.keys(definitions);
  return labels.length === 0 ? '' : JSON.stringify(definitions);
}

function toBlocks(tokens: readonly Token[], definitions: string): MarkdownBlock[] {
  return tokens.filter(isContent).map((token) => ({ token, definitions }));
}

function chunk(blocks: readonly MarkdownBlock[]): MarkdownBlock[][] {
  const chunks: MarkdownBlock[][] = [];
  for (let start = 0; start < blocks.length; start += chunkSize) chunks.push(blocks.slice(start, start + chunkSize));
  return chunks;
}

/**
 * Creates the incremental lexer of one `<Markdown>`.
 * @example
 * const markdown = createIncrementalMarkdown();
 * markdown.update('# Title\n\nSome te', true);   // settled: [h1], live: [p "Some te"]
 * markdown.update('# Title\n\nSome text', true); // the h1 block is the same object
 */
export function createIncrementalMarkdown(): IncrementalMarkdown {
  let previousText: string | undefined;
  let previousStreaming = false;
  let view: MarkdownView = { settled: [], live: [] };
  // Streaming state: the settled groups, where the settled text ends, and its definitions.
  let settled: MarkdownBlock[][] = [];
  let settledLength = 0;
  let settledDefinitions: Definitions = {};

  const startOver = () => {
    settled = [];
    settledLength = 0;
    settledDefinitions = {};
  };

  const settle = (blocks: readonly MarkdownBlock[]) => {
    for (const block of blocks) {
      const lastChunk = settled[settled.length - 1];
      // A full group is never touched again, so renderers can skip it by identity.
      if (lastChunk === undefined || lastChunk.length === chunkSize) settled.push([block]);
      else settled[settled.length - 1] = [...lastChunk, block];
    }
  };

  const streamUpdate = (text: string): MarkdownView => {
    if (previousText === undefined || !text.startsWith(previousText) || !previousStreaming) startOver();
    const tail = text.slice(settledLength);
    const lexed = lex(tail, settledDefinitions);
    const count = settledCount(lexed.tokens, tail);
    let settledSourceLength = 0;
    for (let index = 0; index < count; index += 1) settledSourceLength += lexed.tokens[index]?.raw.length ?? 0;
    // marked's raws add up to its input; should they ever not, nothing settles (correct, slower).
    const settledTokens = tail.startsWith(lexed.tokens.slice(0, count).map((token) => token.raw).join('')) ? lexed.tokens.slice(0, count) : [];
    if (settledTokens.length > 0) {
      collectDefinitions(settledTokens, settledDefinitions);
      settle(toBlocks(settledTokens, definitionsKey(lexed.definitions)));
      settledLength += settledSourceLength;
    }
    const liveSource = text.slice(settledLength);
    const liveTokens = settledTokens.length > 0 ? lexed.tokens.slice(count) : lexed.tokens;
    const held = holdAmbiguousTail(liveSource, liveTokens.filter(isContent).pop());
    const live = held === liveSource ? { tokens: liveTokens, definitions: lexed.definitions } : lex(held, settledDefinitions);
    return { settled: [...settled], live: toBlocks(live.tokens, definitionsKey(live.definitions)) };
  };

  /**
   * A finished text renders exactly as the parser reads it whole. The blocks that settled
   * while it streamed are already the whole text's blocks (a property test holds this), so only
   * the rest is lexed: finishing a long answer costs one tail, not one whole parse. Reference
   * definitions can reach back to earlier blocks, so a text with any is lexed whole.
   */
  const finish = (text: string): MarkdownView => {
    const continues = previousStreaming && previousText !== undefined && text.startsWith(previousText);
    if (continues && Object.keys(settledDefinitions).length === 0) {
      const rest = lex(text.slice(settledLength), {});
      if (Object.keys(rest.definitions).length === 0) {
        settle(toBlocks(rest.tokens, ''));
        const finished = { settled: [...settled], live: [] };
        startOver();
        return finished;
      }
    }
    startOver();
    const whole = lex(text, {});
    return { settled: chunk(toBlocks(whole.tokens, definitionsKey(whole.definitions))), live: [] };
  };

  let previousInput: string | undefined;

  return {
    update(input, streaming) {
      if (input === previousInput && streaming === previousStreaming) return view;
      // marked reads `\r\n` and `\r` as `\n`; reading them so here too keeps offsets in the text
      // equal to the lengths of marked's tokens. A `\r` whose `\n` is still to come reads the same.
      const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
      if (streaming) view = streamUpdate(text);
      else view = finish(text);
      previousInput = input;
      previousText = text;
      previousStreaming = streaming;
      return view;
    },
  };
}
