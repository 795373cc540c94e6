import { afterEach, describe, expect, it } from 'vitest';
import { detectProtocol, ndjson, sse, text } from '../index.js';
import { closeLoopbackServers, serveChunks } from '../test-support/loopback-server.js';
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

describe('protocol chosen by Content-Type when none is given', () => {
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
});
