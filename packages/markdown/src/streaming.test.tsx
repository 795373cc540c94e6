import { Lexer } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { createIncrementalMarkdown } from './incremental-markdown.js';
import type { MarkdownProps } from './markdown.js';
import { renderBlocks } from './test-support/render-blocks.js';

const streaming = (text: string, props: Partial<MarkdownProps> = {}) => renderBlocks(text, { ...props, streaming: true });

describe('ambiguous tails are held back while streaming', () => {
  it('holds a trailing setext underline until its line ends', () => {
    expect(streaming('Text\n-')).toBe('<p>Text</p>');
    expect(streaming('Text\n===')).toBe('<p>Text</p>');
    expect(streaming('Text\n---\n')).toBe('<h2>Text</h2>');
    expect(renderBlocks('Text\n-')).toBe('<h2>Text</h2>');
  });

  it('does not hold a dash that starts the text or follows a blank line', () => {
    expect(streaming('- a')).toBe('<ul><li>a</li></ul>');
    expect(streaming('Text\n\n- a')).toBe('<p>Text</p><ul><li>a</li></ul>');
  });

  it('holds a table header until its delimiter row, and never shows the raw pipes', () => {
    expect(streaming('Intro\n\n| a | b |')).toBe('<p>Intro</p>');
    expect(streaming('Intro\n\n| a | b |\n')).toBe('<p>Intro</p>');
    expect(streaming('Intro\n\n| a | b |\n| -')).toBe('<p>Intro</p>');
    expect(streaming('Intro\n\n| a | b |\n| --- | --- |')).toBe('<p>Intro</p><table><thead><tr><th>a</th><th>b</th></tr></thead></table>');
    expect(streaming('Intro\n\n| a | b |\n| --- | --- |\n| 1')).toBe(
      '<p>Intro</p><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td></td></tr></tbody></table>',
    );
    expect(renderBlocks('Intro\n\n| a | b |')).toBe('<p>Intro</p><p>| a | b |</p>');
  });

  it('does not hold prose that merely contains a pipe', () => {
    expect(streaming('Pipe it: a | b, then')).toBe('<p>Pipe it: a | b, then</p>');
    expect(streaming('a | b\n-')).toBe('<p>a | b</p>');
  });

  it('holds a link whose destination is still open, showing the text before it', () => {
    expect(streaming('see [the docs](https://exa')).toBe('<p>see </p>');
    expect(streaming('see [the docs](')).toBe('<p>see </p>');
    expect(streaming('see ![a cat](https://exa', { allowImages: true })).toBe('<p>see </p>');
    expect(streaming('see [A](https://en.example/A_(b')).toBe('<p>see </p>');
    expect(streaming('see [A](https://en.example/A_(b))')).toBe('<p>see <a href="https://en.example/A_(b)" rel="noopener noreferrer">A</a></p>');
    expect(streaming('see [the docs](https://example.com) now')).toBe('<p>see <a href="https://example.com" rel="noopener noreferrer">the docs</a> now</p>');
  });

  it('renders an unclosed fence as code while streaming, never holding it', () => {
    expect(streaming('```js\nconst a = [x](')).toBe('<pre><code class="language-js">const a = [x](</code></pre>');
    expect(streaming('```\n| a |\n-')).toBe('<pre><code>| a |\n-</code></pre>');
  });
});

describe('highlight', () => {
  const calls: string[] = [];
  const highlight = (code: string, language: string | undefined): ReactNode => {
    calls.push(code);
    return <span className="highlighted">{`${language}:${code}`}</span>;
  };
  afterEach(() => {
    calls.length = 0;
  });

  it('is never applied to the streaming tail', () => {
    expect(streaming('```ts\nconst a = 1\n', { highlight })).toBe('<pre><code class="language-ts">const a = 1</code></pre>');
    // The closing fence has no line end yet: it might still become a longer run of backticks.
    expect(streaming('```ts\nconst a = 1\n```', { highlight })).toBe('<pre><code class="language-ts">const a = 1</code></pre>');
    expect(calls).toEqual([]);
  });

  it('is applied once a fence is closed, and to every block of a finished text', () => {
    expect(streaming('```ts\nconst a = 1\n```\n', { highlight })).toBe(
      '<pre><code class="language-ts"><span class="highlighted">ts:const a = 1</span></code></pre>',
    );
    expect(renderBlocks('```ts\nconst a = 1\n```\n\n    b', { highlight })).toBe(
      '<pre><code class="language-ts"><span class="highlighted">ts:const a = 1</span></code></pre><pre><code><span class="highlighted">undefined:b</span></code></pre>',
    );
  });

  it('applies to a settled fence while a later block still streams', () => {
    expect(streaming('```ts\na\n```\n\nmore te', { highlight })).toBe(
      '<pre><code class="language-ts"><span class="highlighted">ts:a</span></code></pre><p>more te</p>',
    );
  });

  it('leaves the code as text when the highlighter throws', () => {
    const failing = () => {
      throw new Error('no grammar');
    };
    expect(renderBlocks('```x\ncode\n```', { highlight: failing })).toBe('<pre><code class="language-x">code</code></pre>');
  });

  it('renders the plain code on the server when the highlighter is asynchronous', () => {
    const lazy = async (code: string) => <b>{code}</b>;
    expect(renderBlocks('```ts\ncode\n```', { highlight: lazy })).toBe('<pre><code class="language-ts">code</code></pre>');
  });
});

describe('incremental lexing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const paragraphs = Array.from({ length: 100 }, (_, index) => `Paragraph ${index} with *some* text.`).join('\n\n');

  it('keeps settled blocks as the same objects and lexes only the tail', () => {
    const markdown = createIncrementalMarkdown();
    const first = markdown.update(`${paragraphs}\n\nTail`, true);
    const lexed: number[] = [];
    const lex = Lexer.prototype.lex;
    vi.spyOn(Lexer.prototype, 'lex').mockImplementation(function (this: Lexer, source: string) {
      lexed.push(source.length);
      return lex.call(this, source);
    });
    const second = markdown.update(`${paragraphs}\n\nTail grows`, true);

    expect(second.settled.flat()).toHaveLength(100);
    second.settled.flat().forEach((block, index) => expect(block).toBe(first.settled.flat()[index]));
    // Full groups are the same arrays, so a renderer skips them without looking inside.
    expect(second.settled[0]).toBe(first.settled[0]);
    expect(second.live.map((block) => block.token.raw)).toEqual(['Tail grows']);
    expect(lexed).toEqual(['Tail grows'.length]);
  });

  it('finishes a streamed text by lexing only what had not settled', () => {
    const markdown = createIncrementalMarkdown();
    const streamed = markdown.update(`${paragraphs}\n\nTail`, true);
    const lexed: string[] = [];
    const lex = Lexer.prototype.lex;
    vi.spyOn(Lexer.prototype, 'lex').mockImplementation(function (this: Lexer, source: string) {
      lexed.push(source);
      return lex.call(this, source);
    });
    const finished = markdown.update(`${paragraphs}\n\nTail.`, false);
    expect(lexed).toEqual(['Tail.']);
    expect(finished.live).toEqual([]);
    expect(finished.settled[0]).toBe(streamed.settled[0]);
    expect(finished.settled.flat()).toHaveLength(101);
  });

  it('lexes a finished text whole when it has reference definitions', () => {
    const markdown = createIncrementalMarkdown();
    markdown.update('[a]\n\nmiddle\n\n[a]: /x', true);
    const lexed: string[] = [];
    const lex = Lexer.prototype.lex;
    vi.spyOn(Lexer.prototype, 'lex').mockImplementation(function (this: Lexer, source: string) {
      lexed.push(source);
      return lex.call(this, source);
    });
    const finished = markdown.update('[a]\n\nmiddle\n\n[a]: /x', false);
    // The unsettled rest is read first; its definition sends the whole text to the lexer.
    expect(lexed).toEqual(['middle\n\n[a]: /x', '[a]\n\nmiddle\n\n[a]: /x']);
    expect(JSON.stringify(finished.settled[0]?.[0]?.token)).toContain('"href":"/x"');
  });

  it('settles blocks of a text with CRLF line endings, also when a piece ends between CR and LF', () => {
    const markdown = createIncrementalMarkdown();
    markdown.update('# A\r', true);
    const view = markdown.update('# A\r\n\r\nSome text\r\n\r\nMore', true);
    expect(view.settled.flat().map((block) => block.token.raw.trim())).toEqual(['# A', 'Some text']);
    expect(view.live.map((block) => block.token.raw)).toEqual(['More']);
  });

  it('starts over when the text does not extend the previous one', () => {
    const markdown = createIncrementalMarkdown();
    markdown.update('# A\n\nb', true);
    const view = markdown.update('# B\n\nc', true);
    expect(view.settled.flat().map((block) => block.token.raw)).toEqual(['# B']);
    expect(view.live.map((block) => block.token.raw)).toEqual(['c']);
  });

  it('answers the same text from cache', () => {
    const markdown = createIncrementalMarkdown();
    expect(markdown.update('a\n\nb', true)).toBe(markdown.update('a\n\nb', true));
    expect(markdown.update('a\n\nb', false)).toBe(markdown.update('a\n\nb', false));
  });

  it('keeps a list open across a blank line until the next block shows it ended', () => {
    const markdown = createIncrementalMarkdown();
    expect(markdown.update('- a\n\n', true).settled.flat()).toHaveLength(0);
    expect(markdown.update('- a\n\n-', true).settled.flat()).toHaveLength(0);
    const view = markdown.update('- a\n\n- b\n\nafter\n', true);
    expect(view.settled.flat().map((block) => block.token.type)).toEqual(['list']);
    expect(view.settled.flat()[0]?.token.raw).toContain('- b');
  });

  it('shows a reference used before its definition as text while streaming, as a link once finished', () => {
    const text = '[docs]\n\nmiddle\n\n[docs]: https://example.com\n\nend';
    const markdown = createIncrementalMarkdown();
    for (let end = 1; end <= text.length; end += 1) markdown.update(text.slice(0, end), true);
    const streamingView = markdown.update(text, true);
    expect(streamingView.settled.flat()[0]?.token.raw).toBe('[docs]');
    expect(JSON.stringify(streamingView.settled.flat()[0]?.token)).not.toContain('"type":"link"');
    expect(renderBlocks(text)).toBe('<p><a href="https://example.com" rel="noopener noreferrer">docs</a></p><p>middle</p><p>end</p>');
  });
});
