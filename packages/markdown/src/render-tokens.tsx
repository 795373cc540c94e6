import { createElement, Fragment } from 'react';
import type { ReactNode } from 'react';
import type { Token, Tokens } from 'marked';
import { CodeBlock } from './code-block.js';
import type { Highlight } from './code-block.js';
import { decodeCharacterReferences } from './decode-character-references.js';
import { safeImageUrl, safeLinkUrl } from './safe-url.js';

/** How tokens become elements; the same for every block of one `<Markdown>`. */
export interface RenderOptions {
  allowImages: boolean;
  linkTarget: string | undefined;
  /** Only set while rendering settled blocks. */
  highlight: Highlight | undefined;
}

/** The plain text of inline tokens, for an image's `alt`. */
function plainText(tokens: readonly Token[] | undefined): string {
  let text = '';
  for (const token of tokens ?? []) {
    if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) text += plainText(token.tokens);
    else if (token.type === 'codespan' || token.type === 'escape') text += (token as Tokens.Codespan).text;
    else if (token.type === 'text') text += decodeCharacterReferences((token as Tokens.Text).text);
    else if (token.type !== 'br' && token.type !== 'checkbox') text += token.raw;
  }
  return text;
}

function renderLink(token: Tokens.Link, key: number, options: RenderOptions): ReactNode {
  const children = renderInline(token.tokens, options);
  const href = safeLinkUrl(token.href);
  // A refused URL keeps its words: the link text renders, the link does not.
  if (href === undefined) return createElement(Fragment, { key }, children);
  const title = token.title ? decodeCharacterReferences(token.title) : undefined;
  return (
    <a key={key} href={href} title={title} rel="noopener noreferrer" target={options.linkTarget}>
      {children}
    </a>
  );
}

function renderImage(token: Tokens.Image, key: number, options: RenderOptions): ReactNode {
  const alt = plainText(token.tokens);
  const src = options.allowImages ? safeImageUrl(token.href) : undefined;
  if (src === undefined) return createElement(Fragment, { key }, alt);
  const title = token.title ? decodeCharacterReferences(token.title) : undefined;
  // Lazy, and no referrer: an image URL in model output can be made to carry data out.
  return <img key={key} src={src} alt={alt} title={title} loading="lazy" referrerPolicy="no-referrer" />;
}

function renderCheckbox(token: Tokens.Checkbox, key: number): ReactNode {
  return [<input key={key} type="checkbox" defaultChecked={token.checked} disabled />, ' '];
}

/** Inline tokens (a paragraph's content) as React nodes. */
export function renderInline(tokens: readonly Token[] | undefined, options: RenderOptions): ReactNode[] {
  const nodes: ReactNode[] = [];
  (tokens ?? []).forEach((token, key) => {
    switch (token.type) {
      case 'text':
        nodes.push(token.tokens ? createElement(Fragment, { key }, renderInline(token.tokens, options)) : decodeCharacterReferences(token.text));
        return;
      case 'escape':
        nodes.push(token.text);
        return;
      case 'strong':
        nodes.push(<strong key={key}>{renderInline(token.tokens, options)}</strong>);
        return;
      case 'em':
        nodes.push(<em key={key}>{renderInline(token.tokens, options)}</em>);
        return;
      case 'del':
        nodes.push(<del key={key}>{renderInline(token.tokens, options)}</del>);
        return;
      case 'codespan':
        nodes.push(<code key={key}>{token.text}</code>);
        return;
      case 'br':
        nodes.push(<br key={key} />);
        return;
      case 'link':
        nodes.push(renderLink(token as Tokens.Link, key, options));
        return;
      case 'image':
        nodes.push(renderImage(token as Tokens.Image, key, options));
        return;
      case 'checkbox':
        nodes.push(renderCheckbox(token as Tokens.Checkbox, key));
        return;
      default:
        // Raw HTML (`html`) and anything unknown: its source, as text.
        nodes.push(token.raw);
    }
  });
  return nodes;
}

function renderListItem(item: Tokens.ListItem, key: number, loose: boolean, options: RenderOptions): ReactNode {
  const content: ReactNode[] = [];
  item.tokens.forEach((token, index) => {
    // A tight item's text is not a paragraph of its own (no <p>), a loose one's is.
    if (token.type === 'text' && !loose) content.push(createElement(Fragment, { key: index }, renderInline(token.tokens ?? [token], options)));
    else if (token.type === 'checkbox') content.push(renderCheckbox(token as Tokens.Checkbox, index));
    else content.push(renderBlockToken(token, index, options));
  });
  return <li key={key}>{content}</li>;
}

function renderTable(token: Tokens.Table, key: number, options: RenderOptions): ReactNode {
  const cell = (tag: 'th' | 'td', entry: Tokens.TableCell, index: number) =>
    createElement(tag, { key: index, style: entry.align ? { textAlign: entry.align } : undefined }, renderInline(entry.tokens, options));
  return (
    <table key={key}>
      <thead>
        <tr>{token.header.map((entry, index) => cell('th', entry, index))}</tr>
      </thead>
      {token.rows.length > 0 ? (
        <tbody>
          {token.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>{row.map((entry, index) => cell('td', entry, index))}</tr>
          ))}
        </tbody>
      ) : null}
    </table>
  );
}

/** One block-level token (a paragraph, list, table, fence …) as a React node. */
export function renderBlockToken(token: Token, key: number, options: RenderOptions): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return <p key={key}>{renderInline(token.tokens, options)}</p>;
    case 'text':
      return <p key={key}>{renderInline(token.tokens ?? [token], options)}</p>;
    case 'heading':
      return createElement(`h${token.depth as number}`, { key }, renderInline(token.tokens, options));
    case 'code': {
      // The info string's first word names the language (`ts title="x"` → `ts`).
      const language = (token.lang as string | undefined)?.trim().split(/\s+/)[0];
      return <CodeBlock key={key} code={token.text as string} language={language ? decodeCharacterReferences(language) : undefined} highlight={options.highlight} />;
    }
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks(token.tokens, options)}</blockquote>;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, index) => renderListItem(item, index, list.loose, options));
      if (!list.ordered) return <ul key={key}>{items}</ul>;
      const start = typeof list.start === 'number' ? list.start : 1;
      return (
        <ol key={key} start={start === 1 ? undefined : start}>
          {items}
        </ol>
      );
    }
    case 'table':
      return renderTable(token as Tokens.Table, key, options);
    case 'hr':
      return <hr key={key} />;
    default:
      // Raw HTML blocks (`html`) and anything unknown: the source as text, never as markup.
      return <p key={key}>{token.raw.replace(/\n+$/, '')}</p>;
  }
}

/** Block-level tokens as React nodes. */
export function renderBlocks(tokens: readonly Token[] | undefined, options: RenderOptions): ReactNode[] {
  return (tokens ?? []).map((token, index) => renderBlockToken(token, index, options));
}
