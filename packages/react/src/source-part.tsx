import type { ReactNode } from 'react';
import type { SourcePart } from '@sluice/core';
import { isHttpUrl } from './http-url.js';

/** One cited source: a link for an http(s) URL, otherwise its title or URL as text. */
export function SourcePartView({ part }: { part: SourcePart }): ReactNode {
  const label = part.title ?? part.url ?? part.id;
  return isHttpUrl(part.url) ? (
    <a className="sluice-source" href={part.url} rel="noopener noreferrer" target="_blank">
      {label}
    </a>
  ) : (
    <span className="sluice-source">{label}</span>
  );
}
