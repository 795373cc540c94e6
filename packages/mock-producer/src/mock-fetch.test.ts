import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { concatBytes } from './concat-bytes.js';
import { mockFetch } from './mock-fetch.js';
import type { MockStreamRecord } from './mock-fetch.js';
import { wireFormats } from './producer-options.js';
import { readBodyToEnd } from './test-support/read-body.js';
import { readWire } from './test-support/read-wire.js';
import { expectedText } from './expected-message.js';

function only(fetchMock: ReturnType<typeof mockFetch>): MockStreamRecord {
  const record = fetchMock.stats().streams.at(-1);
  if (!record) throw new Error('no request recorded');
  return record;
}

describe.each(wireFormats)('mockFetch format=%s', (format) => {
  it('answers with the same bytes the server sends', async () => {
    const fetchMock = mockFetch({ format, tokens: 500, statusEvery: 50 });
    const response = await fetchMock('/api/stream?seed=6');
    expect(response.status).toBe(200);
    const reading = readWire(format, new Uint8Array(await response.arrayBuffer()));
    expect(reading.text).toBe(expectedText({ seed: 6, tokens: 500 }));
    if (format !== 'text') expect(reading.terminal).toBe('done');
    expect(only(fetchMock)).toMatchObject({ tokensGenerated: 500, completed: true, cancelled: false, ended: true });
  });
});

it('merges the query string over a JSON body over the defaults, and sets Content-Type', async () => {
  const fetchMock = mockFetch({ format: 'sse', tokens: 50, seed: 2 });
  const response = await fetchMock(new URL('http://example.test/chat?tokens=7'), {
    method: 'POST',
    body: JSON.stringify({ format: 'ndjson', tokens: 20 }),
  });
  expect(response.headers.get('content-type')).toBe('application/x-ndjson');
  expect(readWire('ndjson', new Uint8Array(await response.arrayBuffer())).text).toBe(expectedText({ seed: 2, tokens: 7 }));
  expect(only(fetchMock).options).toMatchObject({ format: 'ndjson', tokens: 7, seed: 2 });
});

it('answers 400 for nonsense options instead of throwing', async () => {
  const response = await mockFetch()('/stream?format=xml');
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/"format" must be one of/u);
});

it('is pull-based: a reader that stops reading stops generation', async () => {
  const fetchMock = mockFetch({ format: 'ndjson', tokens: 100_000 });
  const response = await fetchMock('/stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let read = 0; read < 10; read += 1) await reader.read();
  await sleep(50);
  // With a zero high-water mark nothing is generated ahead of the reads.
  expect(only(fetchMock).tokensGenerated).toBeLessThanOrEqual(11);
  expect(only(fetchMock).tokensGenerated).toBeGreaterThanOrEqual(10);
  await reader.cancel();
  expect(only(fetchMock)).toMatchObject({ cancelled: true, ended: true, completed: false });
});

it('stops generating at once on cancel(), even with a rate timer pending', async () => {
  const onStreamEnd = vi.fn();
  const fetchMock = mockFetch({ format: 'sse', tokens: 100, rate: 5, onStreamEnd });
  const reader = ((await fetchMock('/stream')).body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const pending = reader.read();
  await reader.cancel();
  await expect(pending).resolves.toMatchObject({ done: true });
  const generated = only(fetchMock).tokensGenerated;
  await sleep(300);
  expect(only(fetchMock).tokensGenerated).toBe(generated);
  expect(onStreamEnd).toHaveBeenCalledTimes(1);
});

it('an aborted signal errors the body with the abort reason and stops generation', async () => {
  const controller = new AbortController();
  const fetchMock = mockFetch({ format: 'openai', tokens: 1000, rate: 20 });
  const reader = ((await fetchMock('/stream', { signal: controller.signal })).body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const pending = reader.read();
  controller.abort();
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  const generated = only(fetchMock).tokensGenerated;
  await sleep(200);
  expect(only(fetchMock)).toMatchObject({ aborted: true, ended: true, tokensGenerated: generated });
});

it('rejects with an AbortError when the signal is already aborted', async () => {
  const fetchMock = mockFetch();
  await expect(fetchMock('/stream', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  expect(fetchMock.stats().streams).toEqual([]);
});

it('paces by rate: rate=100 generates far fewer than 200 tokens in about 300 ms', async () => {
  const fetchMock = mockFetch({ format: 'text', tokens: 10_000, rate: 100 });
  const reader = ((await fetchMock('/stream')).body as ReadableStream<Uint8Array>).getReader();
  const deadline = Date.now() + 300;
  while (Date.now() < deadline) await reader.read();
  await reader.cancel();
  expect(only(fetchMock).tokensGenerated).toBeGreaterThan(0);
  expect(only(fetchMock).tokensGenerated).toBeLessThan(200);
});

describe('faults', () => {
  it('httpStatus answers that status', async () => {
    const response = await mockFetch({ httpStatus: 429 })('/stream');
    expect(response.status).toBe(429);
    expect(await response.text()).toMatch(/HTTP 429/u);
  });

  it('dropAfter errors the body with a TypeError after N tokens', async () => {
    const fetchMock = mockFetch({ format: 'ndjson', tokens: 100, dropAfter: 25, burst: 10 });
    const { bytes, failure } = await readBodyToEnd((await fetchMock('/stream')).body);
    expect(failure).toBeInstanceOf(TypeError);
    expect(readWire('ndjson', bytes)).toMatchObject({ tokens: 25, terminal: null });
    expect(only(fetchMock)).toMatchObject({ fault: 'dropAfter', completed: false });
  });

  it('errorAfter ends with the error event', async () => {
    const response = await mockFetch({ format: 'ai-sdk', tokens: 100, errorAfter: 10 })('/stream');
    expect(readWire('ai-sdk', new Uint8Array(await response.arrayBuffer()))).toMatchObject({ tokens: 10, terminal: 'error' });
  });

  it('stallAfter never settles further reads until the signal aborts', async () => {
    const controller = new AbortController();
    const fetchMock = mockFetch({ format: 'sse', tokens: 100, stallAfter: 5 });
    const reader = ((await fetchMock('/stream', { signal: controller.signal })).body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    while (readWire('sse', concatBytes(chunks)).tokens < 5) chunks.push((await reader.read()).value as Uint8Array);
    let settled = false;
    const pending = reader.read().finally(() => {
      settled = true;
    });
    await sleep(100);
    expect(settled).toBe(false);
    expect(only(fetchMock)).toMatchObject({ fault: 'stallAfter', tokensGenerated: 5, ended: false });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(only(fetchMock).ended).toBe(true);
  });

  it('malformedEvery writes invalid JSON for openai', async () => {
    const response = await mockFetch({ format: 'openai', tokens: 40, malformedEvery: 10 })('/stream');
    expect(readWire('openai', new Uint8Array(await response.arrayBuffer()))).toMatchObject({ malformed: 4, tokens: 40, terminal: 'done' });
  });
});
