/**
 * A small `fetch` over `node:http` for tests that must see exactly when a request is cancelled.
 *
 * Why not happy-dom's fetch: happy-dom 21 checks the abort signal synchronously in fetch() and
 * attaches its abort listener only after a few awaits (lib/fetch/Fetch.js, send() then
 * sendRequest()). A request aborted in between, as React StrictMode's simulated unmount does
 * right after an effect calls start(), is still sent and never cancelled. Browsers and Node's
 * own fetch do not do that. Node's fetch is not reachable here: the happy-dom environment
 * replaces the global and keeps no copy.
 *
 * Supports what the sluice core uses: method, headers, a string body, `signal`, and a
 * streamed response body with backpressure (the socket pauses while the stream is full).
 */
import { request as httpRequest } from 'node:http';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export const nodeHttpFetch: typeof globalThis.fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const url = input instanceof Request ? input.url : String(input);
    const request = httpRequest(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    });
    let failBody: ((reason: unknown) => void) | undefined;
    const onAbort = () => {
      const reason = abortReason(signal as AbortSignal);
      request.destroy();
      failBody?.(reason);
      reject(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      failBody?.(error);
      reject(new TypeError('fetch failed', { cause: error }));
    });
    request.on('response', (response) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          failBody = (reason) => {
            try {
              controller.error(reason);
            } catch {
              // Already closed or errored.
            }
          };
          response.on('data', (chunk: Buffer) => {
            controller.enqueue(new Uint8Array(chunk));
            if ((controller.desiredSize ?? 1) <= 0) response.pause();
          });
          response.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            controller.close();
          });
          response.on('error', (error) => failBody?.(error));
        },
        pull() {
          response.resume();
        },
        cancel() {
          signal?.removeEventListener('abort', onAbort);
          request.destroy();
        },
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      resolve(new Response(body, { status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers }));
    });
    request.end(typeof init.body === 'string' ? init.body : undefined);
  });
