/**
 * A `fetch` option that answers from memory, one chunk per `read()`, so a test controls exactly
 * where each read boundary falls (a loopback socket may merge or split writes).
 */
export interface InMemoryFetch {
  readonly fetch: typeof globalThis.fetch;
  /** How many chunks the reader has pulled so far (the stream pulls only on demand). */
  readonly pulls: () => number;
  /** True once the engine cancelled the body. */
  readonly cancelled: () => boolean;
}

export function createInMemoryFetch(
  chunks: readonly Uint8Array[],
  headers: HeadersInit = { 'content-type': 'text/event-stream' },
  { close = true }: { close?: boolean } = {},
): InMemoryFetch {
  let pulls = 0;
  let cancelled = false;
  const fetchFromMemory = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let index = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls += 1;
          const chunk = chunks[index];
          index += 1;
          if (chunk) controller.enqueue(chunk);
          else if (close) controller.close();
        },
        cancel() {
          cancelled = true;
        },
      },
      // A zero high-water mark means a pull happens only when the engine calls read().
      { highWaterMark: 0 },
    );
    init?.signal?.addEventListener('abort', () => {
      cancelled = true;
    });
    return new Response(body, { status: 200, headers });
  };
  return {
    fetch: fetchFromMemory as typeof globalThis.fetch,
    pulls: () => pulls,
    cancelled: () => cancelled,
  };
}
