import type { Token } from 'marked';

/**
 * The streaming tail with its ambiguous end left off. Some text means one thing now and
 * another once the next characters arrive; showing it would flash the wrong element for a
 * frame, and repairing it (closing what is open) would change what the author wrote. So the
 * ambiguous part waits, and everything before it shows:
 * - a paragraph's last line that is only `-` or `=` (it may be a setext underline that turns the
 *   paragraph into a heading, or the start of a list item);
 * - a row starting with a pipe that no delimiter row follows yet (it may become a table's
 *   header), and a delimiter row still being written;
 * - a link or image whose destination is still open: `[text](https://exa`.
 *
 * `lastToken` is the last block token of `source` as lexed; fenced code is never held (an
 * unclosed fence renders as code).
 */
export function holdAmbiguousTail(source: string, lastToken: Token | undefined): string {
  if (lastToken === undefined || lastToken.type === 'code' || lastToken.type === 'html') return source;
  let held = holdSetextUnderline(source);
  // A row with pipes ends a paragraph (or a setext heading whose underline was just held).
  if (lastToken.type === 'paragraph' || (lastToken.type === 'heading' && held !== source)) held = holdTableHeader(held);
  return holdOpenLinkDestination(held);
}

const setextUnderline = /^ {0,3}(?:-+|=+)[ \t]*$/;
const delimiterRowPrefix = /^[ \t]*\|?[ \t]*:?-*:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*$/;

function lastLineStart(source: string, end = source.length): number {
  return source.lastIndexOf('\n', end - 1) + 1;
}

function holdSetextUnderline(source: string): string {
  // A finished underline line is settled by the parser itself; only a line still open waits.
  if (source.endsWith('\n')) return source;
  const start = lastLineStart(source);
  if (start === 0 || !setextUnderline.test(source.slice(start))) return source;
  const previousStart = lastLineStart(source, start - 1);
  if (source.slice(previousStart, start - 1).trim() === '') return source;
  return source.slice(0, start);
}

function holdTableHeader(source: string): string {
  // The last line, finished or not; a source ending in '\n' has an empty line after it.
  const content = source.endsWith('\n') ? source.slice(0, -1) : source;
  const start = lastLineStart(content);
  const line = content.slice(start);
  if (start > 0 && line.trim() !== '' && delimiterRowPrefix.test(line)) {
    const previousStart = lastLineStart(content, start - 1);
    if (content.slice(previousStart, start - 1).includes('|')) return source.slice(0, previousStart);
  }
  // Only a row that starts with a pipe waits: a paragraph of prose is often a single line, and
  // one that merely contains a pipe would vanish until it ends. Tables from models start rows
  // with pipes; one without them may show its header row as text for a frame.
  if (/^[ \t]*\|/.test(line)) return source.slice(0, start);
  return source;
}

/** Where the `[` of a link whose destination `](` is still open starts, or -1. */
function openLinkStart(source: string): number {
  const opening = source.lastIndexOf('](');
  if (opening === -1) return -1;
  let depth = 0;
  for (let index = opening + 2; index < source.length; index += 1) {
    const character = source[index];
    if (character === '\\') index += 1;
    else if (character === '(') depth += 1;
    else if (character === ')') {
      if (depth === 0) return -1;
      depth -= 1;
    } else if (character === '\n' && source[index + 1] === '\n') return -1;
  }
  let brackets = 0;
  for (let index = opening - 1; index >= 0; index -= 1) {
    const character = source[index];
    if (character === ']') brackets += 1;
    else if (character === '[') {
      if (brackets === 0) return index > 0 && source[index - 1] === '!' ? index - 1 : index;
      brackets -= 1;
    }
  }
  return -1;
}

function holdOpenLinkDestination(source: string): string {
  const start = openLinkStart(source);
  return start === -1 ? source : source.slice(0, start);
}
