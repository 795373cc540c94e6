import { afterEach, describe, expect, it } from 'vitest';
import { anthropic } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { anthropicRecording } from '../test-support/recorded-streams.js';
import { runToEnd } from '../test-support/run-stream.js';

afterEach(closeLoopbackServers);

const event = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const delta = (text: string) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });

describe('anthropic()', () => {
  it('streams text_delta tokens, ignores ping and ends at message_stop', async () => {
    const server = await serveChunks(contentTypes.sse, [anthropicRecording.bytes]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(anthropicRecording.body).toContain('event: ping');
    expect(snapshot.text).toBe(anthropicRecording.expected.text);
    expect(snapshot.phase).toBe('done');
    expect(snapshot.error).toBeNull();
  });

  it('ignores deltas that are not text (tool input JSON)', async () => {
    const server = await serveChunks(contentTypes.sse, [
      delta('a'),
      event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"q":' } }),
      delta('b'),
      event('message_stop', {}),
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.text).toBe('ab');
  });

  it('reports an error event as a server error', async () => {
    const server = await serveChunks(contentTypes.sse, [
      delta('so far'),
      event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('server');
    expect(snapshot.error?.message).toContain('Overloaded');
    expect(snapshot.text).toBe('so far');
  });

  it('reports invalid JSON as a protocol error', async () => {
    const server = await serveChunks(contentTypes.sse, [delta('x'), 'event: content_block_delta\ndata: {broken\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.error?.excerpt).toContain('{broken');
    expect(snapshot.text).toBe('x');
  });

  it('reports a stream that ends before message_stop as incomplete', async () => {
    const server = await serveChunks(contentTypes.sse, [delta('half'), event('content_block_stop', { index: 0 })]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: anthropic() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('incomplete');
    expect(snapshot.text).toBe('half');
  });
});
