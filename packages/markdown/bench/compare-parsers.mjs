/* global URL, console, performance */
/**
 * The parser choice, reproducible: each candidate bundled from one entry with what it needs for
 * GFM (minified + gzip), a few CommonMark/GFM cases through its own HTML output, and the time to
 * parse blocks of the size a streaming tail has. Figures, not a test.
 *
 *   node bench/compare-parsers.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Lexer, marked } from 'marked';
import MarkdownIt from 'markdown-it';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { build } from 'vite';

const entries = {
  marked: `import { Lexer } from 'marked';\nexport const parse = (source) => Lexer.lex(source, { gfm: true });\n`,
  'markdown-it': `import MarkdownIt from 'markdown-it';\nconst md = new MarkdownIt({ linkify: true });\nexport const parse = (source) => md.parse(source, {});\n`,
  'micromark + mdast (GFM)': `import { fromMarkdown } from 'mdast-util-from-markdown';\nimport { gfmFromMarkdown } from 'mdast-util-gfm';\nimport { gfm } from 'micromark-extension-gfm';\nexport const parse = (source) => fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });\n`,
};

async function gzippedSize(code) {
  // Inside the package, so that the entry resolves the parsers from its node_modules.
  const cache = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const directory = mkdtempSync(join(cache, 'sluice-parser-size-'));
  const entry = join(directory, 'entry.js');
  writeFileSync(entry, code);
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, rollupOptions: { input: entry, preserveEntrySignatures: 'strict' } },
  });
  const bundled = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('\n');
  return gzipSync(bundled, { level: 9 }).byteLength;
}

const markdownIt = new MarkdownIt({ linkify: true });
const html = {
  marked: (source) => marked.parse(source, { gfm: true }),
  'markdown-it': (source) => markdownIt.render(source),
  'micromark + mdast (GFM)': (source) => micromark(source, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }),
};
const parse = {
  marked: (source) => Lexer.lex(source, { gfm: true }),
  'markdown-it': (source) => markdownIt.parse(source, {}),
  'micromark + mdast (GFM)': (source) => fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }),
};

// Each case and a fragment the spec's (CommonMark 0.31 / GFM) HTML contains.
const cases = [
  ['emphasis in emphasis', '*foo**bar**baz*', '<em>foo<strong>bar</strong>baz</em>'],
  ['rule of three', '*foo**bar*', '<em>foo**bar</em>'],
  ['intraword underscore', '_foo_bar_', '<em>foo_bar</em>'],
  ['punctuation flanking', '*(*foo*)*', '<em>(<em>foo</em>)</em>'],
  ['nested lists', '- a\n  - b\n    - c\n- d', '<li>c</li>'],
  ['lazy quote', '> a\nb', '<p>a\nb</p>'],
  ['forward reference', '[foo]\n\n[foo]: /url', '<a href="/url">foo</a>'],
  ['table', '| a | b |\n|:-|-:|\n| 1 | 2 |', '<table>'],
  ['task list', '- [ ] a', 'checkbox'],
  ['strikethrough, single tilde', '~y~', '<del>y</del>'],
  ['www autolink', 'see www.example.com/x.', '<a href="http://www.example.com/x">www.example.com/x</a>.'],
  ['URL autolink, trailing paren', 'at https://a.example/b).', '<a href="https://a.example/b">https://a.example/b</a>).'],
  ['angle autolink', '<https://a.example>', '<a href="https://a.example">'],
];

const paragraph = 'Streaming **markdown** with `code`, [links](https://example.com/a?b=c) and *emphasis* in a ~~long~~ sentence that keeps going, www.example.com too. ';
const blocks = {
  '2 KB paragraph': paragraph.repeat(Math.ceil(2048 / paragraph.length)),
  '1.2 KB list': Array.from({ length: 20 }, (_, index) => `- item ${index} with **bold** and [a link](https://x.example/${index})`).join('\n'),
  '0.8 KB table': `| a | b | c |\n|:-|:-:|-:|\n${Array.from({ length: 40 }, (_, index) => `| ${index} | *x* | \`y\` |`).join('\n')}`,
};

function microseconds(run, source) {
  for (let index = 0; index < 300; index += 1) run(source);
  const runs = 1000;
  const started = performance.now();
  for (let index = 0; index < runs; index += 1) run(source);
  return ((performance.now() - started) / runs) * 1000;
}

console.log(`| parser | min + gzip | spec cases passed (of ${cases.length}) | failed | ${Object.keys(blocks).join(' | ')} |`);
console.log(`| --- | ---: | ---: | --- |${' ---: |'.repeat(Object.keys(blocks).length)}`);
for (const name of Object.keys(entries)) {
  const size = await gzippedSize(entries[name]);
  const failed = cases.filter(([, source, expected]) => !html[name](source).includes(expected)).map(([label]) => label);
  const speeds = Object.values(blocks).map((source) => `${microseconds(parse[name], source).toFixed(0)} µs`);
  console.log(`| ${name} | ${(size / 1024).toFixed(1)} KB | ${cases.length - failed.length} | ${failed.join(', ') || '–'} | ${speeds.join(' | ')} |`);
}
