import type { ReactNode } from 'react';
import type { FilePart } from '@sluice/core';
import { isHttpUrl } from './http-url.js';

/**
 * A file the model produced: an image when images are allowed and it is one (http(s) only),
 * else a link, or its media type as text when its URL is not http(s) (e.g. `data:`).
 */
export function FilePartView({ part, allowImages }: { part: FilePart; allowImages: boolean }): ReactNode {
  if (!isHttpUrl(part.url)) return <span className="sluice-part sluice-file">File ({part.mediaType})</span>;
  if (allowImages && part.mediaType.startsWith('image/')) {
    return <img className="sluice-part sluice-file sluice-file--image" src={part.url} alt="" loading="lazy" />;
  }
  return (
    <a className="sluice-part sluice-file" href={part.url} rel="noopener noreferrer" target="_blank">
      File ({part.mediaType})
    </a>
  );
}
