/**
 * marked leaves character references (`&amp;`, `&#169;`) in its token text for its own HTML
 * output to carry; rendering to React text nodes needs them decoded, or `&amp;` would show
 * literally. Numeric references are decoded in full. Of the 2,000-odd named ones only the
 * common ones are listed: the full table would double the package's size. An unknown name is
 * left as written, so nothing is lost.
 */
const namedReferences: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', Tab: '\t', NewLine: '\n',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', deg: '°', plusmn: '±',
  times: '×', divide: '÷', larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', rArr: '⇒',
  le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', euro: '€', pound: '£', yen: '¥', cent: '¢',
  sect: '§', para: '¶', micro: 'µ', frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é',
  egrave: 'è', aacute: 'á', agrave: 'à', ccedil: 'ç', ntilde: 'ñ', check: '✓', shy: '\u00ad',
  zwj: '\u200d', zwnj: '\u200c', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', grave: '`',
  lpar: '(', rpar: ')', sol: '/', bsol: '\\', semi: ';', excl: '!', quest: '?', num: '#', percnt: '%',
  equals: '=', plus: '+', comma: ',', period: '.', lowbar: '_', verbar: '|', lbrack: '[', rbrack: ']',
  lbrace: '{', rbrace: '}', ast: '*', commat: '@', dollar: '$', Hat: '^',
};

const referencePattern = /&(?:#[xX]([0-9a-fA-F]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{1,31});)/g;

function fromCodePoint(codePoint: number): string {
  // CommonMark: invalid and surrogate code points become U+FFFD.
  if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(codePoint);
}

/** `text` with its character references replaced by the characters they name. */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(referencePattern, (reference, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    return (name !== undefined && Object.hasOwn(namedReferences, name) ? namedReferences[name] : undefined) ?? reference;
  });
}
