import { concatBytes } from '../concat-bytes.js';

/** What arrived of a body: its bytes, and the error that cut it short (null when it ended). */
export interface BodyReading {
  bytes: Uint8Array;
  failure: unknown;
}

/**
 * Reads a body to its end, or to the error that ends it early: a dropped connection is an
 * outcome the fault tests assert on, so it is returned rather than thrown.
 */
export async function readBodyToEnd(body: ReadableStream<Uint8Array> | null): Promise<BodyReading> {
  if (body === null) throw new Error('the response has no body');
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { bytes: concatBytes(chunks), failure: null };
      chunks.push(value);
    }
  } catch (error) {
    return { bytes: concatBytes(chunks), failure: error };
  }
}
