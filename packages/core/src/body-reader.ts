/** Bytes asked for per read when the body supports it: bounds what one read can bring in. */
const READ_BUFFER_BYTES = 64 * 1024;

export interface BodyReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(): Promise<void>;
}

/**
 * Reads a body in chunks of at most 64 KiB where it is a byte stream (fetch bodies in browsers
 * and Node). A default reader hands over whatever the network stack has buffered — measured up
 * to 1.9 MB in one read in Chromium when the page lags — which would make the high-water mark
 * meaningless and one parse a long task. Other streams (e.g. `new Response(readableStream)`)
 * fall back to the default reader.
 */
export function openBodyReader(body: ReadableStream<Uint8Array>): BodyReader {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return body.getReader();
  }

  let buffer = new Uint8Array(READ_BUFFER_BYTES);
  return {
    async read() {
      const result = await reader.read(buffer);
      if (result.done) return { done: true, value: undefined };
      // The buffer was transferred into the result; reuse it for the next read (the caller has
      // decoded these bytes into a string by then).
      buffer = new Uint8Array(result.value.buffer);
      return { done: false, value: result.value };
    },
    cancel: () => reader.cancel(),
  };
}
