/** What the kit can parse, in order of preference; sent unless the caller set `Accept`. */
export const DEFAULT_ACCEPT = 'text/event-stream, application/x-ndjson, text/plain;q=0.9';

/**
 * The caller's headers with `Accept: DEFAULT_ACCEPT` added when they have none (in any case,
 * in any `HeadersInit` form). The form is kept, so a custom `fetch` reads them as it passed them.
 */
export function withDefaultAccept(headers: HeadersInit | undefined): HeadersInit {
  if (headers === undefined) return { accept: DEFAULT_ACCEPT };
  if (headers instanceof Headers) {
    if (headers.has('accept')) return headers;
    const copy = new Headers(headers);
    copy.set('accept', DEFAULT_ACCEPT);
    return copy;
  }
  if (Array.isArray(headers)) {
    const pairs = headers as ReadonlyArray<readonly [string, string]>;
    if (pairs.some(([name]) => name.toLowerCase() === 'accept')) return headers;
    return [...pairs.map(([name, value]) => [name, value] as [string, string]), ['accept', DEFAULT_ACCEPT]];
  }
  const record = headers as Record<string, string>;
  if (Object.keys(record).some((name) => name.toLowerCase() === 'accept')) return headers;
  return { ...record, accept: DEFAULT_ACCEPT };
}
