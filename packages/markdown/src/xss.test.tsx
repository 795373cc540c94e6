import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.js';
import { inspectMarkup } from './test-support/inspect-markup.js';

/** Each vector, and text that must still be visible after rendering (the words are never lost). */
const vectors: { name: string; source: string; visible: string }[] = [
  { name: 'javascript: link', source: '[x](javascript:alert(1))', visible: 'x' },
  { name: 'mixed-case scheme', source: '[x](JaVaScRiPt:alert(1))', visible: 'x' },
  { name: 'tab inside the scheme', source: '[x](java\tscript:alert(1))', visible: 'x' },
  { name: 'tab inside the scheme, pointy destination', source: '[x](<java\tscript:alert(1)>)', visible: 'x' },
  { name: 'newline inside the scheme, pointy destination', source: '[x](<java\nscript:alert(1)>)', visible: 'x' },
  { name: 'leading space and control character', source: '[x](<  \u0001javascript:alert(1)>)', visible: 'x' },
  { name: 'decimal entity', source: '[x](&#106;avascript:alert(1))', visible: 'x' },
  { name: 'hex entity', source: '[x](&#x6A;avascript:alert(1))', visible: 'x' },
  { name: 'entity for the colon', source: '[x](javascript&colon;alert(1))', visible: 'x' },
  { name: 'entity tab', source: '[x](java&Tab;script:alert(1))', visible: 'x' },
  { name: 'double-encoded entity', source: '[x](&amp;#106;avascript:alert(1))', visible: 'x' },
  { name: 'data: URL', source: '[x](data:text/html,<script>alert(1)</script>)', visible: 'x' },
  { name: 'base64 data: URL', source: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', visible: 'x' },
  { name: 'vbscript: link', source: '[x](vbscript:msgbox(1))', visible: 'x' },
  { name: 'file: link', source: '[x](file:///etc/passwd)', visible: 'x' },
  { name: 'link with title', source: '[x](javascript:alert(1) "t")', visible: 'x' },
  { name: 'reference link', source: '[x][evil]\n\n[evil]: javascript:alert(1)', visible: 'x' },
  { name: 'raw img with onerror', source: '<img src=x onerror=alert(1)>', visible: '<img src=x onerror=alert(1)>' },
  { name: 'inline img with onerror', source: 'hi <img src=x onerror=alert(1)> there', visible: '<img src=x onerror=alert(1)>' },
  { name: 'script element', source: '<script>alert(1)</script>', visible: '<script>alert(1)</script>' },
  { name: 'inline script element', source: 'a <script>alert(1)</script> b', visible: '<script>alert(1)</script>' },
  { name: 'raw anchor', source: '<a href="javascript:alert(1)">x</a>', visible: '<a href="javascript:alert(1)">x</a>' },
  { name: 'iframe', source: '<iframe src="javascript:alert(1)"></iframe>', visible: '<iframe src="javascript:alert(1)"></iframe>' },
  { name: 'svg onload', source: '<svg onload=alert(1)>', visible: '<svg onload=alert(1)>' },
  { name: 'html block with handler', source: '<div onclick="alert(1)">\nhi\n</div>', visible: 'onclick' },
  { name: 'html comment', source: '<!-- <script>alert(1)</script> -->', visible: '<script>' },
  { name: 'autolink javascript:', source: '<javascript:alert(1)>', visible: 'javascript:alert(1)' },
  { name: 'autolink mixed case', source: '<JaVaScRiPt:alert(1)>', visible: 'alert(1)' },
  { name: 'autolink data:', source: '<data:text/html,hi>', visible: 'data:text/html,hi' },
  { name: 'bare javascript: text', source: 'javascript:alert(1)', visible: 'javascript:alert(1)' },
  { name: 'image with javascript: src', source: '![x](javascript:alert(1))', visible: 'x' },
  { name: 'image with data: src', source: '![x](data:image/svg+xml,<svg onload=alert(1)>)', visible: 'x' },
  { name: 'image with entity-encoded scheme', source: '![x](&#106;avascript:alert(1))', visible: 'x' },
  { name: 'raw html inside link text', source: '[<img src=x onerror=alert(1)>](https://ok.example)', visible: '<img src=x onerror=alert(1)>' },
  { name: 'title breaking out of its quotes', source: '[x](https://ok.example "\\" onmouseover=\\"alert(1)")', visible: 'x' },
];

const allowedElements = new Set(['div', 'p', 'a', 'em', 'strong', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'hr', 'br', 'img']);

/** The scheme a browser resolves `value` to, with the WHATWG URL parser browsers use. */
function resolvedProtocol(value: string): string {
  return new URL(value, 'https://page.example/chat/').protocol;
}

describe('XSS vectors render harmlessly', () => {
  for (const vector of vectors) {
    for (const allowImages of [false, true]) {
      for (const streaming of [false, true]) {
        it(`${vector.name} (allowImages ${allowImages}, streaming ${streaming})`, () => {
          const markup = renderToStaticMarkup(<Markdown text={vector.source} allowImages={allowImages} streaming={streaming} />);
          const page = inspectMarkup(markup);

          for (const element of page.elements) expect(allowedElements, `element <${element}> in ${markup}`).toContain(element);
          for (const attribute of page.attributes) {
            expect(attribute.name.toLowerCase().startsWith('on'), `${attribute.name} on <${attribute.element}>`).toBe(false);
            if (attribute.name === 'href') expect(['http:', 'https:', 'mailto:']).toContain(resolvedProtocol(attribute.value));
            if (attribute.name === 'src') expect(['http:', 'https:']).toContain(resolvedProtocol(attribute.value));
          }
          const inputs = page.attributes.filter((attribute) => attribute.element === 'input' && attribute.name === 'type');
          for (const input of inputs) expect(input.value).toBe('checkbox');
          if (!streaming) expect(page.text).toContain(vector.visible);
        });
      }
    }
  }

  it('never links a refused URL, and keeps the link text as plain text', () => {
    const page = inspectMarkup(renderToStaticMarkup(<Markdown text="before [the words](javascript:alert(1)) after" />));
    expect(page.elements).not.toContain('a');
    expect(page.text).toBe('before the words after');
  });

  it('shows raw HTML exactly as written, as text', () => {
    const page = inspectMarkup(renderToStaticMarkup(<Markdown text={'<b onclick="x">bold?</b>\n\n<div>\n<i>block</i>\n</div>'} />));
    expect(page.elements).toEqual(['div', 'div', 'p', 'p']);
    expect(page.text).toContain('<b onclick="x">bold?</b>');
    expect(page.text).toContain('<div>\n<i>block</i>\n</div>');
  });
});
