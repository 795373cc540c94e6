import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { concatBytes } from './concat-bytes.js';
import { wireFormats } from './producer-options.js';
import { createProducerServer } from './server.js';
import type { StreamRecord } from './stream-record.js';
import { readBodyToEnd } from './test-support/read-body.js';
import { readWire } from './test-support/read-wire.js';
import { expectedParts, expectedText } from './expected-message.js';

const lines: string[] = [];
const producer = createProducerServer({ log: (line) => lines.push(line) });
let baseUrl = '';
let streamNumber = 0;
const controllers: AbortController[] = [];

beforeAll(async () => {
  baseUrl = (await producer.listen(0)).url;
});
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
});
afterAll(() => producer.close());

function nextId(): string {
  streamNumber += 1;
  return `test-${streamNumber}`;
}

function record(id: string): StreamRecord {
  const found = producer.stats(id).streams[0];
  if (!found) throw new Error(`no stats for ${id}`);
  return found;
}

async function open(query: string, init: RequestInit = {}): Promise<{ id: string; response: Response; controller: AbortController }> {
  const id = nextId();
  const controller = new AbortController();
  controllers.push(controller);
  const response = await fetch(`${baseUrl}/stream?${query}&id=${id}`, { ...init, signal: controller.signal });
  return { id, response, controller };
}

async function readAll(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

describe.each(wireFormats)('GET /stream?format=%s', (format) => {
  it('streams the expected text with its terminal marker and records it', async () => {
    const { id, response } = await open(`format=${format}&tokens=2000&seed=4&statusEvery=100&burst=3`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-sluice-stream-id')).toBe(id);
    const bytes = await readAll(response);
    const reading = readWire(format, bytes);
    expect(reading.text).toBe(expectedText({ seed: 4, tokens: 2000 }));
    if (format !== 'text') expect(reading.terminal).toBe('done');
    await vi.waitFor(() => expect(record(id).endedAt).not.toBeNull());
    expect(record(id)).toMatchObject({
      format,
      tokensWritten: 2000,
      bytesWritten: bytes.length,
      completed: true,
      clientDisconnected: false,
      tokensAfterDisconnect: 0,
      fault: null,
    });
  });
});

it('sends the Content-Type each format is detected by', async () => {
  const expected: Record<string, RegExp> = {
    sse: /^text\/event-stream/u,
    ndjson: /^application\/x-ndjson/u,
    text: /^text\/plain; charset=utf-8/u,
    openai: /^text\/event-stream/u,
    'openai-responses': /^text\/event-stream/u,
    anthropic: /^text\/event-stream/u,
    'ai-sdk': /^text\/event-stream/u,
  };
  for (const format of wireFormats) {
    const { response } = await open(`format=${format}&tokens=1`);
    expect(response.headers.get('content-type')).toMatch(expected[format] as RegExp);
    await response.arrayBuffer();
  }
  const { response } = await open('format=ai-sdk&tokens=1');
  expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
  await response.arrayBuffer();
});

it('takes options from a JSON POST body, with query parameters over them', async () => {
  const { id, response } = await open('tokens=30', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ format: 'ndjson', tokens: 10, seed: 9, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const reading = readWire('ndjson', await readAll(response));
  expect(reading.text).toBe(expectedText({ seed: 9, tokens: 30 }));
  expect(record(id).options).toMatchObject({ format: 'ndjson', tokens: 30, seed: 9 });
});

it('answers 400 with the reason for nonsense options and invalid JSON', async () => {
  const unknownFormat = await fetch(`${baseUrl}/stream?format=xml`);
  expect(unknownFormat.status).toBe(400);
  expect(await unknownFormat.text()).toMatch(/"format" must be one of sse, ndjson, text, openai, openai-responses, anthropic, ai-sdk/u);
  const negative = await fetch(`${baseUrl}/stream?tokens=-3`);
  expect(negative.status).toBe(400);
  expect(await negative.text()).toMatch(/"tokens" must be between 0/u);
  const badJson = await fetch(`${baseUrl}/stream`, { method: 'POST', body: '{nope' });
  expect(badJson.status).toBe(400);
  expect(await badJson.text()).toMatch(/not valid JSON/u);
});

describe('parts over HTTP', () => {
  it('takes the part options as query parameters and streams the expected parts', async () => {
    const { id, response } = await open('format=anthropic&tokens=50&reasoning=8&toolCalls=1&sources=2&finishReason=length');
    const reading = readWire('anthropic', await readAll(response));
    const options = { format: 'anthropic', tokens: 50, reasoning: 8, toolCalls: 1, sources: 2, finishReason: 'length' } as const;
    expect(reading.parts).toEqual(expectedParts(options));
    expect(reading.finishReason).toBe('length');
    await vi.waitFor(() => expect(record(id).endedAt).not.toBeNull());
    expect(record(id)).toMatchObject({ completed: true, options: { reasoning: 8, toolCalls: 1, sources: 2, finishReason: 'length' } });
    // Every delta counts: 8 reasoning, 50 text, 5 tool input pieces.
    expect(record(id).tokensWritten).toBe(63);
  });

  it('takes them as JSON POST fields, toolError included', async () => {
    const { response } = await open('seed=5', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 'ndjson', tokens: 12, toolCalls: 2, toolError: true, messages: [] }),
    });
    const reading = readWire('ndjson', await readAll(response));
    expect(reading.parts).toEqual(expectedParts({ format: 'ndjson', seed: 5, tokens: 12, toolCalls: 2, toolError: true }));
    expect(reading.parts.filter((part) => part.type === 'tool').every((part) => part.state === 'output-error')).toBe(true);
  });

  it('answers 400 with the reason when a format cannot carry a part option', async () => {
    const textReasoning = await fetch(`${baseUrl}/stream?format=text&reasoning=3`);
    expect(textReasoning.status).toBe(400);
    expect(await textReasoning.text()).toMatch(/the text format carries only text; "reasoning"/u);
    const anthropicToolError = await fetch(`${baseUrl}/stream`, { method: 'POST', body: JSON.stringify({ format: 'anthropic', toolCalls: 1, toolError: true }) });
    expect(anthropicToolError.status).toBe(400);
    expect(await anthropicToolError.text()).toMatch(/"toolError" needs a format that carries tool results/u);
  });
});

describe('backpressure', () => {
  it('blocks on drain while the client reads nothing, and resumes when it reads', async () => {
    const total = 2_000_000;
    const { id, response } = await open(`format=sse&tokens=${total}`);
    await vi.waitFor(() => expect(record(id).drainWaits).toBeGreaterThan(0), { timeout: 10_000 });
    await sleep(300);
    const stalled = record(id);
    expect(stalled.blockedOnDrainMs).toBeGreaterThan(0);
    expect(stalled.tokensWritten).toBeLessThan(total / 4);
    expect(stalled.endedAt).toBeNull();

    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < stalled.bytesWritten + 4 * 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.length;
    }
    expect(record(id).tokensWritten).toBeGreaterThan(stalled.tokensWritten);
    await reader.cancel();
  });
});

describe('disconnect', () => {
  it('sees an abort at once and writes no token after it', async () => {
    const { id, response, controller } = await open('format=openai&tokens=2000000');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await vi.waitFor(() => expect(record(id).clientDisconnected).toBe(true));
    const seen = record(id);
    expect(seen.tokensAfterDisconnect).toBe(0);
    expect(seen.completed).toBe(false);
    expect(seen.disconnectedAt).toBeGreaterThanOrEqual(seen.startedAt);
    expect(seen.endedAt).not.toBeNull();
    await sleep(50);
    expect(record(id).tokensWritten).toBe(seen.tokensWritten);
    expect(lines.some((line) => line.includes(id) && line.includes('client disconnected'))).toBe(true);
  });

  it('releases a pending rate timer when the client leaves', async () => {
    const { id, response, controller } = await open('format=sse&tokens=100&rate=2');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await vi.waitFor(() => expect(record(id).clientDisconnected).toBe(true));
    expect(producer.handler.activeStreams()).toBe(0);
    expect(record(id).tokensWritten).toBeLessThan(100);
  });
});

describe('rate', () => {
  it('paces tokens: rate=100 writes far fewer than 200 tokens in about 300 ms', async () => {
    const { id, response } = await open('format=ndjson&tokens=10000&rate=100');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const deadline = Date.now() + 300;
    let text = '';
    const decoder = new TextDecoder();
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const written = record(id).tokensWritten;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(200);
    expect(text.split('\n').filter((line) => line.includes('"token"')).length).toBeLessThanOrEqual(written);
  });

  it('writes `burst` tokens per tick', async () => {
    const { id, response } = await open('format=ndjson&tokens=1000&rate=10&burst=50');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    const tokens = new TextDecoder().decode(value).split('\n').filter((line) => line.includes('"token"')).length;
    expect(tokens).toBe(50);
    expect(record(id).tokensWritten % 50).toBe(0);
    await reader.cancel();
  });
});

describe('faults', () => {
  it('httpStatus answers that status with a short text body', async () => {
    const { id, response } = await open('httpStatus=503');
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/HTTP 503/u);
    expect(record(id)).toMatchObject({ fault: 'httpStatus', tokensWritten: 0, completed: false });
  });

  it('errorAfter sends the error event and ends the body', async () => {
    const { id, response } = await open('format=anthropic&tokens=100&errorAfter=20');
    const reading = readWire('anthropic', await readAll(response));
    expect(reading).toMatchObject({ terminal: 'error', tokens: 20 });
    await vi.waitFor(() => expect(record(id).endedAt).not.toBeNull());
    expect(record(id)).toMatchObject({ fault: 'errorAfter', tokensWritten: 20, completed: false, clientDisconnected: false });
  });

  it('errorAfter in text drops the connection', async () => {
    const { id, response } = await open('format=text&tokens=100&errorAfter=20');
    await expect(response.text()).rejects.toThrow(TypeError);
    await vi.waitFor(() => expect(record(id).fault).toBe('errorAfter'));
    expect(record(id).clientDisconnected).toBe(false);
  });

  it('dropAfter delivers N tokens then resets the connection mid-body', async () => {
    const { id, response } = await open('format=ndjson&tokens=100&dropAfter=30');
    const { bytes, failure } = await readBodyToEnd(response.body);
    expect(failure).toBeInstanceOf(TypeError);
    const reading = readWire('ndjson', bytes);
    expect(reading).toMatchObject({ tokens: 30, terminal: null });
    await vi.waitFor(() => expect(record(id).endedAt).not.toBeNull());
    expect(record(id)).toMatchObject({ fault: 'dropAfter', tokensWritten: 30, completed: false, clientDisconnected: false });
  });

  it('stallAfter keeps the connection open and silent until the client leaves', async () => {
    const { id, response, controller } = await open('format=sse&tokens=100&stallAfter=30');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    while (readWire('sse', concatBytes(chunks)).tokens < 30) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stalled stream ended');
      chunks.push(value);
    }
    const pending = reader.read();
    await sleep(100);
    expect(record(id)).toMatchObject({ fault: 'stallAfter', tokensWritten: 30, endedAt: null, clientDisconnected: false });
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(record(id).clientDisconnected).toBe(true));
    expect(record(id).tokensAfterDisconnect).toBe(0);
  });

  it('malformedEvery writes invalid UTF-8 for sse', async () => {
    const { response } = await open('format=sse&tokens=50&malformedEvery=10');
    const bytes = await readAll(response);
    expect(bytes.filter((byte) => byte === 0xff)).toHaveLength(5);
    expect(readWire('sse', bytes)).toMatchObject({ malformed: 5, tokens: 50, terminal: 'done' });
  });

  it('malformedEvery writes invalid JSON for ndjson', async () => {
    const { response } = await open('format=ndjson&tokens=50&malformedEvery=10');
    expect(readWire('ndjson', await readAll(response))).toMatchObject({ malformed: 5, tokens: 50, terminal: 'done' });
  });
});

describe('/stats', () => {
  it('serves every stream as JSON, filters by id, and clears on DELETE', async () => {
    const { id, response } = await open('format=text&tokens=5');
    await response.arrayBuffer();
    await vi.waitFor(() => expect(record(id).endedAt).not.toBeNull());
    const stats = (await (await fetch(`${baseUrl}/stats`)).json()) as { streams: StreamRecord[] };
    expect(stats.streams.at(-1)?.id).toBe(id);
    expect(Object.keys(stats.streams.at(-1) as object).sort()).toEqual(
      [
        'id', 'format', 'options', 'startedAt', 'endedAt', 'tokensWritten', 'bytesWritten', 'blockedOnDrainMs',
        'drainWaits', 'clientDisconnected', 'disconnectedAt', 'tokensAfterDisconnect', 'completed', 'fault',
        'resumedAfter', 'lastEventId',
      ].sort(),
    );
    const filtered = (await (await fetch(`${baseUrl}/stats?id=${id}`)).json()) as { streams: StreamRecord[]; replays: number };
    expect(filtered.streams.map((stream) => stream.id)).toEqual([id]);
    expect(filtered.replays).toBe(0);
    const cleared = await fetch(`${baseUrl}/stats`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(producer.stats().streams).toEqual([]);
  });

  it('keeps only the last 100 streams', async () => {
    const small = createProducerServer({ log: false, historyLimit: 100 });
    const { url } = await small.listen(0);
    for (let index = 0; index < 105; index += 1) await (await fetch(`${url}/stream?tokens=1&id=n${index}`)).arrayBuffer();
    const ids = small.stats().streams.map((stream) => stream.id);
    expect(ids).toHaveLength(100);
    expect(ids[0]).toBe('n5');
    expect(ids.at(-1)).toBe('n104');
    await small.close();
  });

  it('answers CORS preflight for a JSON POST, and 404 elsewhere', async () => {
    const preflight = await fetch(`${baseUrl}/stream`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const missing = await fetch(`${baseUrl}/nothing`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});
