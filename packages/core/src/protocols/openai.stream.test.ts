import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks, startLoopbackServer, startStream } from '../test-support/loopback-server.js';
import { openaiRecording } from '../test-support/recorded-streams.js';
import { runToEnd } from '../test-support/run-stream.js';

afterEach(closeLoopbackServers);

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

describe('openai()', () => {
  it('streams choices[0].delta.content and ends at data: [DONE]', async () => {
    const server = await serveChunks(contentTypes.sse, [openaiRecording.bytes]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.text).toBe(openaiRecording.expected.text);
    expect(snapshot.phase).toBe('done');
    expect(snapshot.error).toBeNull();
  });

  it('ends at [DONE] even when the connection stays open', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.sse);
      response.write(`${chunk('hi')}data: [DONE]\n\n`);
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.text).toBe('hi');
  });

  it('reports an {"error":{...}} payload as a server error', async () => {
    const server = await serveChunks(contentTypes.sse, [
      chunk('partial'),
      `data: ${JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests' } })}\n\n`,
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server' });
    expect(snapshot.error?.message).toContain('Rate limit reached');
    expect(snapshot.text).toBe('partial');
  });

  it('reports invalid JSON as a protocol error with an excerpt', async () => {
    const server = await serveChunks(contentTypes.sse, [chunk('ok'), 'data: {"choices": [oops\n\n', chunk('never')]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.error?.excerpt).toContain('oops');
    expect(snapshot.text).toBe('ok');
  });

  it('reports a stream that ends before [DONE] as incomplete, never done', async () => {
    const server = await serveChunks(contentTypes.sse, [chunk('cut '), chunk('short')]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('incomplete');
    expect(snapshot.text).toBe('cut short');
  });
});
