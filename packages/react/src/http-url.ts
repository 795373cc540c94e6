/**
 * True for an absolute `http:` or `https:` URL: the only links and images the kit renders from
 * a stream's sources and files. Anything else (`javascript:`, `data:`, relative) shows as text.
 */
export function isHttpUrl(url: string | undefined): url is string {
  if (url === undefined) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
