/**
 * Wraps `fetch` so every contender's body passes the same counter: when the reader pulled its
 * first and last chunk, and how many bytes. The identity transform keeps backpressure (it holds
 * at most one chunk) and forwards cancellation, so Stop still reaches the server.
 */
export interface ByteMeter {
  fetch: typeof globalThis.fetch;
  firstByteAt(): number | null;
  lastByteAt(): number | null;
  bytes(): number;
  /** Bodies opened and not yet ended, errored or cancelled. */
  openBodies(): number;
  /** Bodies that ended normally or with an error. */
  endedBodies(): number;
}

export function createByteMeter(): ByteMeter {
  let firstByteAt: number | null = null;
  let lastByteAt: number | null = null;
  let bytes = 0;
  let open = 0;
  let ended = 0;

  const meteredFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (response.body === null) return response;
    open += 1;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      open -= 1;
      ended += 1;
    };
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const now = performance.now();
        firstByteAt ??= now;
        lastByteAt = now;
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      flush: settle,
    });
    const body = response.body.pipeThrough(counter);
    // An aborted request errors the source; count the body as ended so the watchdog can act.
    init?.signal?.addEventListener('abort', settle, { once: true });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  return {
    fetch: meteredFetch,
    firstByteAt: () => firstByteAt,
    lastByteAt: () => lastByteAt,
    bytes: () => bytes,
    openBodies: () => open,
    endedBodies: () => ended,
  };
}
