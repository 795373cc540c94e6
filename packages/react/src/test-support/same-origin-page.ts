/**
 * Moves the happy-dom page to the test server's origin, as when an app and its API are served
 * together, so fetches are same-origin and need no CORS preflight.
 *
 * Why: happy-dom 21 checks the abort signal before the preflight and attaches its abort
 * listener only after it (lib/fetch/Fetch.js, send() then sendRequest()), so a request aborted
 * while its preflight is in flight is still sent and never cancelled: the server keeps a
 * connection that a real browser would have closed.
 */
export function movePageToOrigin(url: string): void {
  const page = (globalThis as { happyDOM?: { setURL(url: string): void } }).happyDOM;
  if (page === undefined) throw new Error('movePageToOrigin needs the happy-dom environment');
  page.setURL(url);
}
