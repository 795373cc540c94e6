/**
 * Splits message text into blocks: paragraphs separated by blank lines, and fenced code
 * blocks (``` or ~~~) kept whole. A streaming message is re-split on every flush, so the
 * splitter is incremental: blocks that ended before the last one are kept (same objects)
 * while the text only grows, and only the tail is scanned again. That keeps the work per
 * flush proportional to the new text rather than to the message length, and lets
 * `React.memo` skip every completed block by identity.
 */

/** One block of a message, as passed to `renderBlock`. */
export interface TranscriptBlock {
  /** `'paragraph'` for prose, `'code'` for a fenced code block. */
  kind: 'paragraph' | 'code';
  /** What to show: the paragraph text, or the code without its fence lines. */
  text: string;
  /** The info string after the opening fence (e.g. `'ts'`), for code blocks that have one. */
  language?: string;
  /** The block's exact source, fences included: what a markdown renderer wants. */
  source: string;
}

export interface BlockSplitter {
  /**
   * The blocks of a text that only grows (a stream's text or one part's, within one run),
   * reading only what was appended since the previous call through `readText(start, end)`.
   * The text itself is never read whole: reading any character of a long concatenated string
   * makes V8 copy all of it, which for a 1 MB answer cost more per frame than everything else.
   * A shorter `length` starts over; call `reset()` when a new run begins.
   */
  append(length: number, readText: (start: number, end: number) => string): readonly TranscriptBlock[];
  /** Forgets the previous text. */
  reset(): void;
}

interface ScannedBlock {
  block: TranscriptBlock;
  /** Offset in the text where the block's source starts. */
  start: number;
}

const fencePattern = /^ {0,3}(`{3,}|~{3,})(.*)$/;

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.replace(/^ {0,3}/, '').trimEnd();
  if (trimmed.length < fence.length) return false;
  for (const character of trimmed) if (character !== fence[0]) return false;
  return true;
}

function makeBlock(kind: TranscriptBlock['kind'], source: string, language: string): TranscriptBlock {
  if (kind === 'paragraph') return { kind, text: source.replace(/\n+$/, ''), source };
  const lines = source.split('\n');
  // Drop the opening fence line, and the closing one when it is there.
  const body = lines.slice(1);
  const fence = fencePattern.exec(lines[0] ?? '')?.[1] ?? '```';
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  if (body.length > 0 && isClosingFence(body[body.length - 1] ?? '', fence)) body.pop();
  const block: TranscriptBlock = { kind, text: body.join('\n'), source };
  if (language !== '') block.language = language;
  return block;
}

/** Scans `text` from `from` (a line start) into blocks; the last one may still be growing. */
function scan(text: string, from: number): ScannedBlock[] {
  const blocks: ScannedBlock[] = [];
  let position = from;
  let blockStart = -1;
  let kind: TranscriptBlock['kind'] = 'paragraph';
  let fence = '';
  let language = '';

  const close = (end: number) => {
    if (blockStart === -1) return;
    blocks.push({ block: makeBlock(kind, text.slice(blockStart, end), language), start: blockStart });
    blockStart = -1;
  };

  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    const line = text.slice(position, lineEnd);

    if (blockStart !== -1 && kind === 'code') {
      // A closing fence only counts once its line has ended: "```" may still become "````x".
      if (newline !== -1 && isClosingFence(line, fence)) {
        close(next);
      }
    } else {
      const opening = fencePattern.exec(line);
      if (opening && !(opening[1]?.startsWith('`') && opening[2]?.includes('`'))) {
        close(position);
        blockStart = position;
        kind = 'code';
        fence = opening[1] ?? '```';
        language = (opening[2] ?? '').trim().split(/\s+/)[0] ?? '';
      } else if (isBlank(line)) {
        // Only a finished blank line ends a paragraph; a trailing run of spaces may still grow.
        if (newline !== -1) close(position);
      } else if (blockStart === -1) {
        blockStart = position;
        kind = 'paragraph';
        language = '';
      }
    }
    position = next;
  }
  close(text.length);
  return blocks;
}

/**
 * Creates a splitter that remembers its previous result.
 * @example
 * const splitter = createBlockSplitter();
 * splitter.append(9, read);  // 'Hello\n\nWo': [Hello] [Wo]
 * splitter.append(12, read); // 'Hello\n\nWorld': [Hello] (same object) [World]
 */
export function createBlockSplitter(): BlockSplitter {
  let previousLength = 0;
  // Every block before the last one is settled; only the last can still change.
  let completed: TranscriptBlock[] = [];
  // The text from where the last block starts on (a small flat string).
  let tailSource = '';
  let result: readonly TranscriptBlock[] = [];

  const startOver = () => {
    completed = [];
    tailSource = '';
    previousLength = 0;
    result = [];
  };

  return {
    append(length, readText) {
      if (length === previousLength) return result;
      if (length < previousLength) startOver();
      const source = tailSource + readText(previousLength, length);
      previousLength = length;
      // Scan from the tail block's start (a line start); settle every block but the last.
      const scanned = scan(source, 0);
      const last = scanned.pop();
      for (const entry of scanned) completed.push(entry.block);
      if (last) {
        tailSource = source.slice(last.start);
        result = [...completed, last.block];
      } else {
        // Only blank lines so far: keep them, the next block starts after them.
        tailSource = source;
        result = [...completed];
      }
      return result;
    },
    reset: startOver,
  };
}

/** Splits `text` into blocks in one go (no reuse). */
export function splitBlocks(text: string): readonly TranscriptBlock[] {
  return createBlockSplitter().append(text.length, (start, end) => text.slice(start, end));
}
