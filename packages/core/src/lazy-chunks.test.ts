import { afterEach, describe, expect, it, vi } from 'vitest';
import { sse } from './index.js';
import { closeLoopbackServers, serveChunks } from './testing/loopback-server.js';
import { runToEnd } from './test-support/run-stream.js';

// A chunk that cannot be fetched (a redeploy removed it, the network went away) rejects the
// `import()`; vi.mock with a throwing factory makes these modules fail the same way.
vi.mock('./pacer.js', () => {
  throw new Error('chunk pacer.js failed to load');
});
vi.mock('./protocols/sse-chunk.js', () => {
  throw new Error('chunk sse-chunk.js failed to load');
});

afterEach(closeLoopbackServers);

describe('a lazily loaded chunk that fails to load', () => {
  it('ends a paced run as a network error instead of leaving it connecting', async () => {
    const server = await serveChunks('text/plain', ['never shown']);
    const { snapshot } = await runToEnd({ url: server.url, pace: { maxLagMs: 100 } });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('network');
    expect(snapshot.text).toBe('');
  });

  it('ends a run whose response selects that parser as a network error', async () => {
    const server = await serveChunks('text/event-stream', ['data: never shown\n\n']);
    const { snapshot } = await runToEnd({ url: server.url });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('network');
  });

  it('leaves a run that names its protocol itself untouched', async () => {
    const server = await serveChunks('text/event-stream', ['data: shown\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.text).toBe('shown');
  });
});
