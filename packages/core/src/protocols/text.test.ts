import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { runToEnd } from '../test-support/run-stream.js';

afterEach(closeLoopbackServers);

describe('text()', () => {
  it('appends every decoded chunk as a token and ends with the body', async () => {
    const server = await serveChunks(contentTypes.text, ['data: not sse\n\n', '{"not":"json"}', ' plain'], { spacing: 20 });
    const { snapshot, tokens } = await runToEnd({ url: server.url, protocol: text() });
    expect(snapshot.text).toBe('data: not sse\n\n{"not":"json"} plain');
    expect(tokens.join('')).toBe(snapshot.text);
    expect(snapshot.metrics.tokens).toBe(tokens.length);
    expect(snapshot.phase).toBe('done');
  });

  it('decodes a 4-byte emoji written one byte per write', async () => {
    const oneBytePerWrite = [...new TextEncoder().encode('a🌍b')].map((byte) => new Uint8Array([byte]));
    const server = await serveChunks(contentTypes.text, oneBytePerWrite, { spacing: 5 });
    const { snapshot, tokens } = await runToEnd({ url: server.url, protocol: text() });
    expect(snapshot.text).toBe('a🌍b');
    // No token ever carries half a character.
    expect(tokens.every((token) => !token.includes('\uFFFD'))).toBe(true);
    expect(snapshot.metrics.bytes).toBe(4 + 2);
  });
});
