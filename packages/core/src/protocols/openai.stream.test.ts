/**
 * End to end through `createTokenStream` (needs the engine's part log: passes once the `engine`
 * branch is merged; the parser alone is checked in `openai.test.ts`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openai } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks, startLoopbackServer, startStream } from '../test-support/loopback-server.js';
import { openaiRecording } from '../test-support/recorded-streams.js';
import { describeProviderStreams } from '../test-support/provider-fixture-suite.js';
import { runToEnd } from '../test-support/run-stream.js';
import { openaiChatFixtures, twoChoicesBody } from '../test-support/fixtures/openai-chat.js';

afterEach(closeLoopbackServers);

describeProviderStreams('openai() through createTokenStream over node:http', () => openai(), openaiChatFixtures);

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

describe('openai() through createTokenStream', () => {
  it('n = 2: choice 0 by default and choice 1 when asked, never mixed', async () => {
    const server = await serveChunks(contentTypes.sse, [twoChoicesBody]);
    const first = await runToEnd({ url: server.url, protocol: openai() });
    expect(first.snapshot.text).toBe('Hello there!');
    expect(first.snapshot.finishReason).toBe('stop');
    const second = await runToEnd({ url: server.url, protocol: openai({ choice: 1 }) });
    expect(second.snapshot.text).toBe('Bonjour à tous!');
    expect(second.snapshot.finishReason).toBe('length');
  });

  it('event: error with the bare error object keeps the provider message', async () => {
    const server = await serveChunks(contentTypes.sse, [chunk('so far'), 'event: error\ndata: {"message":"Overloaded, retry later","type":"server_error","code":null}\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'Overloaded, retry later' });
    expect(snapshot.text).toBe('so far');
  });

  it('a 200 event-stream body that is one JSON error object ends as a server error, not an empty done', async () => {
    const server = await serveChunks(contentTypes.sse, ['{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}']);
    const { snapshot } = await runToEnd({ url: server.url });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'Incorrect API key provided' });
  });

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
