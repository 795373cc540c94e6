import { describe, expect, it } from 'vitest';
import { safeImageUrl, safeLinkUrl } from './safe-url.js';

describe('safeLinkUrl', () => {
  it.each([
    ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['http://example.com', 'http://example.com'],
    ['HTTPS://EXAMPLE.COM', 'HTTPS://EXAMPLE.COM'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['/docs/page', '/docs/page'],
    ['page.html', 'page.html'],
    ['#section', '#section'],
    ['?q=1', '?q=1'],
    ['//cdn.example/x', '//cdn.example/x'],
    ['./a:b', './a:b'],
    ['https://example.com/?a=1&amp;b=2', 'https://example.com/?a=1&b=2'],
  ])('keeps %s as %s', (url, href) => {
    expect(safeLinkUrl(url)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    ' \u0001javascript:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6a;avascript:alert(1)',
    '&#0000106;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'java&Tab;script:alert(1)',
    '&amp;#106;avascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/x',
    'ftp://example.com',
    'java\u00adscript:alert(1)',
    '&unknownentity;:x',
  ])('refuses %j', (url) => {
    expect(safeLinkUrl(url)).toBeUndefined();
  });
});

describe('safeImageUrl', () => {
  it('keeps absolute http(s) URLs only', () => {
    expect(safeImageUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeImageUrl('http://example.com/a.png')).toBe('http://example.com/a.png');
    expect(safeImageUrl('/a.png')).toBeUndefined();
    expect(safeImageUrl('data:image/png;base64,AAAA')).toBeUndefined();
    expect(safeImageUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeImageUrl('mailto:a@example.com')).toBeUndefined();
  });
});
