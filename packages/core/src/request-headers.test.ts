import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCEPT } from './request-headers.js';
import { closeLoopbackServers, serveChunks, contentTypes } from './testing/loopback-server.js';
import { runToEnd } from './test-support/run-stream.js';

afterEach(closeLoopbackServers);

describe('the Accept header a request sends', () => {
  it('is the kit default when the caller set none', async () => {
    const server = await serveChunks(contentTypes.text, ['hi']);
    await runToEnd({ url: server.url, init: { headers: { 'x-trace': '1' } } });
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream, application/x-ndjson, text/plain;q=0.9');
    expect(server.requests[0]?.headers['x-trace']).toBe('1');
    expect(DEFAULT_ACCEPT).toBe('text/event-stream, application/x-ndjson, text/plain;q=0.9');
  });

  it('is the default with no init at all', async () => {
    const server = await serveChunks(contentTypes.text, ['hi']);
    await runToEnd({ url: server.url });
    expect(server.requests[0]?.headers.accept).toBe(DEFAULT_ACCEPT);
  });

  it.each([
    ['a plain object, lower case', { accept: 'application/json' }],
    ['a plain object, any case', { ACCEPT: 'application/json' }],
    ['a Headers object', new Headers({ Accept: 'application/json' })],
    ['an array of pairs', [['Accept', 'application/json']] as [string, string][]],
  ])('is the caller’s when they set it (%s)', async (_form, headers) => {
    const server = await serveChunks(contentTypes.text, ['hi']);
    const { snapshot } = await runToEnd({ url: server.url, init: { headers } });
    expect(snapshot.phase).toBe('done');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });

  it('keeps the form of the caller’s headers for a custom fetch', async () => {
    const seen: unknown[] = [];
    const server = await serveChunks(contentTypes.text, ['hi']);
    const recordingFetch: typeof globalThis.fetch = (input, init) => {
      seen.push(init?.headers);
      return globalThis.fetch(input, init);
    };
    await runToEnd({ url: server.url, fetch: recordingFetch, init: { headers: { authorization: 'Bearer t' } } });
    expect(seen).toEqual([{ authorization: 'Bearer t', accept: DEFAULT_ACCEPT }]);
  });
});
