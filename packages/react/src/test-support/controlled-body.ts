/**
 * A response body the test writes into by hand, served through the `fetch` option of
 * `createTokenStream`. Browser tests use it because the page cannot reach a Node server.
 */
export interface ControlledBody {
  /** Pass as the `fetch` option; every call answers with the same body. */
  fetch: typeof globalThis.fetch;
  /** Sends `text` as one chunk of the body. */
  push(text: string): void;
  /** Ends the body (a `text()` stream then settles as `done`). */
  end(): void;
  /** Resolves once `fetch` was called, i.e. the stream has started reading. */
  requested: Promise<void>;
}

export function createControlledBody(contentType = 'text/plain; charset=utf-8'): ControlledBody {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
  });
  let markRequested: () => void = () => {};
  const requested = new Promise<void>((resolve) => {
    markRequested = resolve;
  });
  return {
    fetch: async () => {
      markRequested();
      return new Response(body, { headers: { 'content-type': contentType } });
    },
    push(text) {
      controller?.enqueue(encoder.encode(text));
    },
    end() {
      controller?.close();
    },
    requested,
  };
}
