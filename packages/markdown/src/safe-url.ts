import { decodeCharacterReferences } from './decode-character-references.js';

const linkSchemes = new Set(['http', 'https', 'mailto']);
const imageSchemes = new Set(['http', 'https']);

// Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces around
// it, so `java\tscript:` still runs script: they are removed before the scheme is read.
// eslint-disable-next-line no-control-regex
const ignoredByBrowsers = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/**
 * The scheme a browser would read from `url`, lower-cased; `''` for a relative URL.
 * An unknown character reference left in the scheme makes it unreadable (`undefined`).
 */
function schemeOf(url: string): string | undefined {
  const compact = url.replace(ignoredByBrowsers, '');
  const colon = compact.indexOf(':');
  if (colon === -1) return '';
  const beforeColon = compact.slice(0, colon);
  // A ':' after the first '/', '?' or '#' belongs to the path, query or fragment.
  if (/[/?#]/.test(beforeColon)) return '';
  if (!/^[a-z][a-z0-9+.-]*$/i.test(beforeColon)) return undefined;
  return beforeColon.toLowerCase();
}

function allowedUrl(url: string, schemes: ReadonlySet<string>, allowRelative: boolean): string | undefined {
  const decoded = decodeCharacterReferences(url);
  // Decoding again must change nothing: `&amp;#106;` decodes to `&#106;`, which a second
  // reader would turn into `j`. Such a URL is refused rather than guessed at.
  if (decodeCharacterReferences(decoded) !== decoded && /&#|&[a-z]+;/i.test(decoded)) return undefined;
  const scheme = schemeOf(decoded);
  if (scheme === undefined) return undefined;
  if (scheme === '') return allowRelative ? decoded : undefined;
  return schemes.has(scheme) ? decoded : undefined;
}

/**
 * The `href` to give a link to `url` (character references decoded), or `undefined` when the
 * link must render as plain text: only `http:`, `https:`, `mailto:` and relative URLs pass.
 */
export function safeLinkUrl(url: string): string | undefined {
  return allowedUrl(url, linkSchemes, true);
}

/** The `src` for an image at `url`, or `undefined`: only absolute `http:` and `https:` URLs pass. */
export function safeImageUrl(url: string): string | undefined {
  return allowedUrl(url, imageSchemes, false);
}
