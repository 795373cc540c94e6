import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.js';
import { renderBlocks } from './test-support/render-blocks.js';

describe('CommonMark', () => {
  it('renders headings, paragraphs, emphasis, code spans, breaks and rules', () => {
    expect(renderBlocks('# One\n\n## Two\n\nThree\n===\n\n*a* **b** `c<d` e  \nf\n\n---')).toBe(
      '<h1>One</h1><h2>Two</h2><h1>Three</h1><p><em>a</em> <strong>b</strong> <code>c&lt;d</code> e<br/>f</p><hr/>',
    );
  });

  it('follows the emphasis rules in the edge cases', () => {
    expect(renderBlocks('*foo**bar**baz*')).toBe('<p><em>foo<strong>bar</strong>baz</em></p>');
    expect(renderBlocks('_foo_bar_')).toBe('<p><em>foo_bar</em></p>');
    expect(renderBlocks('*(*foo*)*')).toBe('<p><em>(<em>foo</em>)</em></p>');
    expect(renderBlocks('**foo*bar**baz*')).toBe('<p><strong>foo*bar</strong>baz*</p>');
  });

  it('nests lists, keeps an ordered list start, and tells tight from loose', () => {
    expect(renderBlocks('- a\n  - b\n    - c\n- d')).toBe('<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>');
    expect(renderBlocks('3. x\n4. y')).toBe('<ol start="3"><li>x</li><li>y</li></ol>');
    expect(renderBlocks('- a\n\n- b')).toBe('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
  });

  it('renders block quotes with lazy continuation', () => {
    expect(renderBlocks('> a\nb')).toBe('<blockquote><p>a\nb</p></blockquote>');
  });

  it('decodes character references in text but not in code', () => {
    expect(renderBlocks('&amp; &copy; &#169; &#x41; `&amp;`')).toBe('<p>&amp; © © A <code>&amp;amp;</code></p>');
  });

  it('resolves reference links, also to a definition further down', () => {
    expect(renderBlocks('[foo] and [bar][foo]\n\n[foo]: https://example.com "T"')).toBe(
      '<p><a href="https://example.com" title="T" rel="noopener noreferrer">foo</a> and <a href="https://example.com" title="T" rel="noopener noreferrer">bar</a></p>',
    );
  });

  it('gives links rel="noopener noreferrer" and a target only when asked', () => {
    expect(renderBlocks('[a](https://example.com)')).toBe('<p><a href="https://example.com" rel="noopener noreferrer">a</a></p>');
    expect(renderBlocks('[a](/x)', { linkTarget: '_blank' })).toBe('<p><a href="/x" rel="noopener noreferrer" target="_blank">a</a></p>');
  });
});

describe('GFM', () => {
  it('renders tables with their alignment', () => {
    expect(renderBlocks('| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |')).toBe(
      '<table><thead><tr><th style="text-align:left">a</th><th style="text-align:center">b</th><th style="text-align:right">c</th></tr></thead>' +
        '<tbody><tr><td style="text-align:left">1</td><td style="text-align:center">2</td><td style="text-align:right">3</td></tr></tbody></table>',
    );
    expect(renderBlocks('| a |\n| - |')).toBe('<table><thead><tr><th>a</th></tr></thead></table>');
  });

  it('renders task lists as disabled checkboxes', () => {
    expect(renderBlocks('- [ ] todo\n- [x] done')).toBe(
      '<ul><li><input type="checkbox" disabled=""/> todo</li><li><input type="checkbox" disabled="" checked=""/> done</li></ul>',
    );
  });

  it('renders strikethrough', () => {
    expect(renderBlocks('~~gone~~ and ~also~')).toBe('<p><del>gone</del> and <del>also</del></p>');
  });

  it('links literal www. and http(s) URLs, and angle autolinks', () => {
    expect(renderBlocks('see www.example.com/x. and https://a.example/b).')).toBe(
      '<p>see <a href="http://www.example.com/x" rel="noopener noreferrer">www.example.com/x</a>. and <a href="https://a.example/b" rel="noopener noreferrer">https://a.example/b</a>).</p>',
    );
    expect(renderBlocks('<https://a.example> <me@example.com>')).toBe(
      '<p><a href="https://a.example" rel="noopener noreferrer">https://a.example</a> <a href="mailto:me@example.com" rel="noopener noreferrer">me@example.com</a></p>',
    );
  });

  it('renders fenced code with the language as a class, and indented code without one', () => {
    expect(renderBlocks('```ts title="a.ts"\nconst a = 1 < 2;\n```')).toBe('<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>');
    expect(renderBlocks('~~~\nplain\n~~~')).toBe('<pre><code>plain</code></pre>');
    expect(renderBlocks('    indented')).toBe('<pre><code>indented</code></pre>');
  });

  it('renders an unclosed fence as code to the end of the text', () => {
    expect(renderBlocks('text\n\n```py\nprint(1)\n\nmore')).toBe('<p>text</p><pre><code class="language-py">print(1)\n\nmore</code></pre>');
  });
});

describe('images', () => {
  it('shows the alt text unless images are allowed', () => {
    expect(renderBlocks('![a *cat*](https://example.com/cat.png)')).toBe('<p>a cat</p>');
    expect(renderBlocks('![a *cat*](https://example.com/cat.png "Cat")', { allowImages: true })).toBe(
      '<p><img src="https://example.com/cat.png" alt="a cat" title="Cat" loading="lazy" referrerPolicy="no-referrer"/></p>',
    );
  });

  it('allows only absolute http(s) images', () => {
    expect(renderBlocks('![rel](/cat.png) ![data](data:image/png;base64,AAAA)', { allowImages: true })).toBe('<p>rel data</p>');
  });
});

describe('server rendering', () => {
  it('renders under renderToString, streaming or not', () => {
    expect(renderToString(<Markdown text={'# Hi\n\n- a'} />)).toContain('<h1>Hi</h1>');
    expect(renderToString(<Markdown text={'# Hi\n\n- a'} streaming />)).toContain('<ul><li>a</li></ul>');
  });
});
