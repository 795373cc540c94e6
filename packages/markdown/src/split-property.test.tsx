// @vitest-environment happy-dom
import fc from 'fast-check';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createIncrementalMarkdown } from './incremental-markdown.js';
import type { MarkdownBlock } from './incremental-markdown.js';
import { Markdown } from './markdown.js';
import { renderBlockToken } from './render-tokens.js';
import type { RenderOptions } from './render-tokens.js';

// Pieces that make block splitting hard: lists across blank lines, fences, tables, quotes,
// setext underlines, raw HTML blocks, reference definitions, open links.
const definitions = ['[ref]: https://example.com/ref', '[Ref]: /other'];
const pieces = [
  'Plain words here.', 'Text', '-', '=', '---', '***', '# Heading', '## Sub *em*', '- item one', '- [ ] task', '- [x] done',
  '  - nested', '   continued', '1. first', '2) second', '* star', '> quote', '> - quoted item', '```ts', '```', '````', '~~~',
  '    indented code', '| a | b |', '| --- | :-: |', '|-|-|', '| 1 | 2 |', 'a | b', '[link](https://example.com)', '[ref]',
  '[x][ref]', '![img](https://example.com/i.png)', '**bold** and _em_ and ~~del~~', '`code` span', 'www.example.com', '<b>html</b>',
  '<div>', '</div>', '<pre>', '</pre>', '<!--', '-->', 'a\\', '&amp; &copy;', '[open](https://exa', 'trailing  ', '[not](javascript:x)',
];
const separators = ['\n', '\n\n', ' ', '', '\n\n\n', '\n  ', '\r\n', '\r\n\r\n'];

const text = (withDefinitions: boolean) =>
  fc
    .array(fc.tuple(fc.constantFrom(...pieces, ...(withDefinitions ? definitions : [])), fc.constantFrom(...separators)), { maxLength: 16 })
    .map((parts) => parts.map(([piece, separator]) => piece + separator).join(''));

/** A text and where a stream cuts it into pieces (sorted, inside the text). */
const streamedText = (withDefinitions: boolean) =>
  text(withDefinitions).chain((whole) =>
    fc.tuple(
      fc.constant(whole),
      fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, whole.length) }), { maxLength: 24 }).map((cuts) => cuts.sort((a, b) => a - b)),
    ),
  );

function prefixes(whole: string, cuts: readonly number[]): string[] {
  return [...cuts.filter((cut) => cut < whole.length).map((cut) => whole.slice(0, cut)), whole];
}

/**
 * The content of a DOM tree with attributes in name order: React's client sets an image's
 * `src` last, its server renderer writes attributes in prop order.
 */
function canonical(node: Node): string {
  // Adjacent text nodes (one per React child) read as the one text a parser makes of them.
  if (node instanceof Element && node.parentNode === null) node.normalize();
  if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.textContent);
  if (!(node instanceof Element)) return '';
  const attributes = [...node.attributes]
    .map((attribute) => {
      // Style text is serialized differently by the two renderers: `a:b` and `a: b;`.
      const value = attribute.name === 'style' ? attribute.value.replace(/\s+/g, '').replace(/;$/, '') : attribute.value;
      return `${attribute.name}=${JSON.stringify(value)}`;
    })
    .sort();
  return `<${node.localName} ${attributes.join(' ')}>${[...node.childNodes].map(canonical).join('')}</${node.localName}>`;
}

function normalize(markup: string): string {
  const container = document.createElement('div');
  container.innerHTML = markup;
  container.normalize();
  return canonical(container);
}

const options: RenderOptions = { allowImages: true, linkTarget: undefined, highlight: undefined };
const blockMarkup = (block: MarkdownBlock | undefined) => (block ? renderToStaticMarkup(renderBlockToken(block.token, 0, options)) : '(none)');

describe('streaming in any pieces renders as the whole text', () => {
  it('a finished stream renders exactly what the whole text renders', () => {
    fc.assert(
      fc.property(streamedText(true), ([whole, cuts]) => {
        const container = document.createElement('div');
        const root = createRoot(container);
        try {
          for (const prefix of prefixes(whole, cuts)) flushSync(() => root.render(<Markdown text={prefix} streaming allowImages />));
          flushSync(() => root.render(<Markdown text={whole} allowImages />));
          container.normalize();
          expect(canonical(container)).toBe(normalize(renderToStaticMarkup(<Markdown text={whole} allowImages />)));
        } finally {
          flushSync(() => root.unmount());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every block that settles while streaming is already the block the whole text has', () => {
    // Without definitions: a reference may legitimately resolve only once its definition arrives.
    fc.assert(
      fc.property(streamedText(false), ([whole, cuts]) => {
        const final = createIncrementalMarkdown().update(whole, false).settled.flat();
        const markdown = createIncrementalMarkdown();
        for (const prefix of prefixes(whole, cuts)) {
          const settled = markdown.update(prefix, true).settled.flat();
          settled.forEach((block, index) => {
            // Which block a trailing newline belongs to may differ; the source before it may not.
            expect(block.token.raw.replace(/\n+$/, ''), `block ${index} of ${JSON.stringify(prefix)}`).toBe(final[index]?.token.raw.replace(/\n+$/, ''));
            expect(blockMarkup(block)).toBe(blockMarkup(final[index]));
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('streams character by character to the same result', () => {
    fc.assert(
      fc.property(text(true), (whole) => {
        const container = document.createElement('div');
        const root = createRoot(container);
        try {
          for (let end = 1; end <= whole.length; end += 1) flushSync(() => root.render(<Markdown text={whole.slice(0, end)} streaming />));
          flushSync(() => root.render(<Markdown text={whole} />));
          container.normalize();
          expect(canonical(container)).toBe(normalize(renderToStaticMarkup(<Markdown text={whole} />)));
        } finally {
          flushSync(() => root.unmount());
        }
      }),
      { numRuns: 40 },
    );
  });
});
