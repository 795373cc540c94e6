import { afterEach, describe, expect, it } from 'vitest';
import { aiSdk, detectProtocol, ndjson, sse, text } from '../index.js';
import { closeLoopbackServers, serveChunks } from '../testing/loopback-server.js';
import { runToEnd } from '../test-support/run-stream.js';

afterEach(closeLoopbackServers);

describe('detectProtocol(contentType)', () => {
  it.each([
    ['text/event-stream', sse().name],
    ['text/event-stream; charset=utf-8', sse().name],
    ['Text/Event-Stream', sse().name],
    ['application/x-ndjson', ndjson().name],
    ['application/jsonl', ndjson().name],
    ['text/plain', text().name],
    ['application/json', text().name],
    ['', text().name],
    [null, text().name],
  ])('maps %s to %s', (contentType, expectedName) => {
    expect(detectProtocol(contentType as string).name).toBe(expectedName);
  });
});

describe('detectProtocol(headers)', () => {
  it('selects aiSdk() from x-vercel-ai-ui-message-stream: v1 before looking at Content-Type', () => {
    const headers = new Headers({ 'content-type': 'text/plain', 'x-vercel-ai-ui-message-stream': 'v1' });
    expect(detectProtocol(headers).name).toBe(aiSdk().name);
    expect(detectProtocol(new Headers({ 'content-type': 'text/event-stream', 'X-Vercel-AI-UI-Message-Stream': 'V1' })).name).toBe(aiSdk().name);
  });

  it('falls back to Content-Type for another header value or none', () => {
    expect(detectProtocol(new Headers({ 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v2' })).name).toBe(sse().name);
    expect(detectProtocol(new Headers({ 'content-type': 'application/x-ndjson' })).name).toBe(ndjson().name);
    expect(detectProtocol(new Headers()).name).toBe(text().name);
  });
});

describe('protocol chosen by the response when none is given', () => {
  const body = 'data: {"type":"token","text":"x"}\n\n';
  it.each([
    ['text/event-stream', '{"type":"token","text":"x"}'],
    ['application/x-ndjson', null],
    ['application/jsonl', null],
    ['text/plain', body],
  ])('%s', async (contentType, expectedText) => {
    const server = await serveChunks(contentType, [contentType.includes('json') ? '{"type":"token","text":"x"}\n"y"\n' : body]);
    const { snapshot } = await runToEnd({ url: server.url });
    expect(snapshot.text).toBe(expectedText ?? 'xy');
    expect(snapshot.phase).toBe('done');
  });

  it('reads an AI SDK UI message stream by its header, not as raw SSE JSON', async () => {
    const chunks = [
      'data: {"type":"start"}\n\n',
      'data: {"type":"text-start","id":"t1"}\n\n',
      'data: {"type":"text-delta","id":"t1","delta":"Hello"}\n\n',
      'data: {"type":"text-delta","id":"t1","delta":" there"}\n\n',
      'data: {"type":"text-end","id":"t1"}\n\n',
      'data: {"type":"finish"}\n\n',
      'data: [DONE]\n\n',
    ];
    const server = await serveChunks('text/event-stream', chunks, { headers: { 'x-vercel-ai-ui-message-stream': 'v1' } });
    const { snapshot } = await runToEnd({ url: server.url });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.text).toBe('Hello there');
  });
});
