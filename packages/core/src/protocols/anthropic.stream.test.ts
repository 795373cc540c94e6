/**
 * End to end through `createTokenStream` (needs the engine's part log: passes once the `engine`
 * branch is merged; the parser alone is checked in `anthropic.test.ts`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anthropic } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { describeProviderStreams } from '../test-support/provider-fixture-suite.js';
import { anthropicRecording } from '../test-support/recorded-streams.js';
import { runToEnd } from '../test-support/run-stream.js';
import { anthropicFixtures } from '../test-support/fixtures/anthropic.js';

afterEach(closeLoopbackServers);

describeProviderStreams('anthropic() through createTokenStream over node:http', anthropic, anthropicFixtures);

const event = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const delta = (text: string) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });

describe('anthropic() through createTokenStream', () => {
  it('reads the recorded stream (pings included) to done', async () => {
    const server = await serveChunks(contentTypes.sse, [anthropicRecording.bytes]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(anthropicRecording.body).toContain('event: ping');
    expect(snapshot.text).toBe(anthropicRecording.expected.text);
    expect(snapshot.phase).toBe('done');
    expect(snapshot.error).toBeNull();
  });

  it('text deltas without a block start still show; tool JSON never leaks into the text', async () => {
    const server = await serveChunks(contentTypes.sse, [
      delta('a'),
      event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"q":' } }),
      delta('b'),
      event('message_stop', {}),
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.text).toBe('ab');
    expect(snapshot.phase).toBe('done');
  });

  it('reports invalid JSON as a protocol error with an excerpt, text kept', async () => {
    const server = await serveChunks(contentTypes.sse, [delta('x'), 'event: content_block_delta\ndata: {broken\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.error?.excerpt).toContain('{broken');
    expect(snapshot.text).toBe('x');
  });

  it('a 200 event-stream body that is one JSON error object ends as a server error', async () => {
    const server = await serveChunks(contentTypes.sse, ['{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'Overloaded' });
  });
});
