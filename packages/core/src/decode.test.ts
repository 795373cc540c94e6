import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createUtf8StreamDecoder, InvalidUtf8Error } from './decode.js';
import { text } from './index.js';
import { createGate } from './test-support/gate.js';
import { closeLoopbackServers, contentTypes, startLoopbackServer, startStream } from './testing/loopback-server.js';
import { runToEnd } from './test-support/run-stream.js';

afterEach(closeLoopbackServers);

const encoder = new TextEncoder();

/** Decodes `chunks` one by one; returns the text and, if it failed, the error. */
function decodeChunks(chunks: readonly Uint8Array[]): { text: string; error: InvalidUtf8Error | null } {
  const decoder = createUtf8StreamDecoder();
  let decoded = '';
  try {
    for (const chunk of chunks) decoded += decoder.decode(chunk);
    decoded += decoder.end();
    return { text: decoded, error: null };
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    return { text: decoded + error.validPrefix, error };
  }
}

function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('UTF-8 decoding keeps every valid character before an invalid byte', () => {
  it('[78 C3] then [A9 61 62 63 FF]: "xéabc", then an error at byte 6', () => {
    const { text: decoded, error } = decodeChunks([new Uint8Array([0x78, 0xc3]), new Uint8Array([0xa9, 0x61, 0x62, 0x63, 0xff])]);
    expect(decoded).toBe('xéabc');
    expect(error?.byteOffset).toBe(6);
    expect(error?.message).toContain('at byte 6');
  });

  it('a body that ends inside a character reports where that character starts', () => {
    const { text: decoded, error } = decodeChunks([encoder.encode('ab'), new Uint8Array([0xe2, 0x9c])]);
    expect(decoded).toBe('ab');
    expect(error?.byteOffset).toBe(2);
  });

  it('keeps a U+FEFF inside the text and a decoded U+FFFD (they are characters, not errors)', () => {
    const bytes = encoder.encode('a\uFEFFb\uFFFDc');
    const { text: decoded, error } = decodeChunks([bytes.subarray(0, 2), bytes.subarray(2), new Uint8Array([0xc0])]);
    expect(decoded).toBe('a\uFEFFb\uFFFDc');
    expect(error?.byteOffset).toBe(bytes.length);
  });

  it('property: any valid text, an invalid byte after it, cut anywhere: the text is kept and the offset is exact', () => {
    const invalidBytes = fc.constantFrom(0xff, 0xfe, 0xc0, 0xc1, 0xf5, 0x80, 0xbf);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        invalidBytes,
        fc.string({ unit: 'grapheme', maxLength: 10 }),
        fc.array(fc.nat(200), { maxLength: 8 }),
        (valid, invalid, after, cuts) => {
          const validBytes = encoder.encode(valid);
          const bytes = new Uint8Array([...validBytes, invalid, ...encoder.encode(after)]);
          const { text: decoded, error } = decodeChunks(cutAt(bytes, cuts));
          // A BOM at the very start is stripped, as WHATWG decoding requires.
          expect(decoded).toBe(valid.startsWith('\uFEFF') ? valid.slice(1) : valid);
          expect(error?.byteOffset).toBe(validBytes.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: valid text cut anywhere decodes unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.array(fc.nat(300), { maxLength: 10 }), (valid, cuts) => {
        const result = decodeChunks(cutAt(encoder.encode(`x${valid}`), cuts));
        expect(result.error).toBeNull();
        expect(result.text).toBe(`x${valid}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('over a real connection', () => {
  it('chunks [78 C3] and [A9 61 62 63 FF] written apart keep "xéabc" and end in a protocol error at byte 6', async () => {
    const firstRead = createGate();
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      response.write(new Uint8Array([0x78, 0xc3]));
      await firstRead.opened;
      response.end(new Uint8Array([0xa9, 0x61, 0x62, 0x63, 0xff]));
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: text(), onToken: () => firstRead.open() });
    expect(snapshot.text).toBe('xéabc');
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.error?.message).toContain('at byte 6');
    expect(snapshot.metrics.bytes).toBe(7);
  });
});
