import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mockFetch } from './mock-fetch.js';
import type { ProducerOptionsInput, WireFormat } from './producer-options.js';
import { createProducerServer } from './server.js';
import { producedWire } from './test-support/produced-wire.js';
import { readBodyToEnd } from './test-support/read-body.js';
import { readWire } from './test-support/read-wire.js';
import type { WireStep } from './wire-steps.js';

interface WireEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

function eventsOf(bytes: Uint8Array): WireEvent[] {
  const events: WireEvent[] = [];
  const parser = createParser({ onEvent: ({ id, event, data }) => events.push({ id, event, data }) });
  parser.feed(new TextDecoder().decode(bytes));
  return events;
}

const sseFramed: WireFormat[] = ['sse', 'openai', 'openai-responses', 'anthropic', 'ai-sdk'];
const partsFor = (format: WireFormat): ProducerOptionsInput => ({
  format,
  seed: 9,
  tokens: 24,
  reasoning: 4,
  toolCalls: 1,
  sources: format === 'openai' ? 0 : 1,
  statusEvery: 5,
  eventIds: true,
});

describe.each(sseFramed)('%s with eventIds', (format) => {
  const options = partsFor(format);
  const full = eventsOf(producedWire(options).bytes);

  it('puts an id on every event, numbered from 0', () => {
    expect(full.length).toBeGreaterThan(30);
    expect(full.map((event) => event.id)).toEqual(full.map((_, index) => String(index)));
    if (format === 'openai-responses') {
      expect(full.map((event) => String((JSON.parse(event.data) as { sequence_number: number }).sequence_number))).toEqual(full.map((event) => event.id));
    }
  });

  it('changes nothing but the id lines', () => {
    const plain = eventsOf(producedWire({ ...options, eventIds: false }).bytes);
    expect(full.map(({ event, data }) => ({ event, data }))).toEqual(plain.map(({ event, data }) => ({ event, data })));
  });

  it('replays strictly after any Last-Event-ID: the events before it and the replay add up to the whole stream, once', () => {
    for (let cursor = 0; cursor < full.length; cursor += 1) {
      const replay = eventsOf(producedWire({ ...options, lastEventId: cursor }).bytes);
      expect(replay).toEqual(full.slice(cursor + 1));
    }
  });

  it('dropAfter cuts once: a resume after the last id received completes the stream', () => {
    const cut = producedWire({ ...options, dropAfter: 15 });
    expect(cut.steps.at(-1)).toMatchObject({ then: 'drop', fault: 'dropAfter' });
    const received = eventsOf(cut.bytes);
    const cursor = cut.steps.at(-1)?.lastEventId as number;
    expect(received.at(-1)?.id).toBe(String(cursor));
    const resumed = producedWire({ ...options, dropAfter: 15, lastEventId: cursor });
    expect(resumed.steps.at(-1)).toMatchObject({ then: 'done', fault: null });
    expect([...received, ...eventsOf(resumed.bytes)]).toEqual(full);
  });

  it('dropEvery cuts every N tokens; resuming each time yields the whole stream, no event twice', () => {
    const received: WireEvent[] = [];
    let cursor: number | undefined;
    let connections = 0;
    for (;;) {
      connections += 1;
      const { steps, bytes } = producedWire({ ...options, dropEvery: 7, lastEventId: cursor });
      received.push(...eventsOf(bytes));
      expect(steps.reduce((total, step) => total + step.tokens, 0)).toBeLessThanOrEqual(7);
      const last = steps.at(-1) as WireStep;
      if (last.then === 'done') break;
      expect(last).toMatchObject({ then: 'drop', fault: 'dropEvery' });
      cursor = last.lastEventId as number;
      if (connections > 20) throw new Error('the stream never completed');
    }
    // 4 reasoning + 24 text + the tool input pieces, cut every 7.
    expect(connections).toBeGreaterThan(4);
    expect(received).toEqual(full);
  });

  it('duplicateIdEvery repeats events under the same id; skipping ids at or before the cursor restores the stream', () => {
    const repeated = eventsOf(producedWire({ ...options, duplicateIdEvery: 4 }).bytes);
    expect(repeated.length).toBeGreaterThan(full.length);
    const ids = repeated.map((event) => event.id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    let cursor = -1;
    const deduplicated = repeated.filter((event) => {
      const id = Number(event.id);
      if (id <= cursor) return false;
      cursor = id;
      return true;
    });
    expect(deduplicated).toEqual(full);
  });
});

it('a reader that ignores ids shows duplicated text under duplicateIdEvery (the fault is real)', () => {
  const options = { format: 'sse', tokens: 30, eventIds: true, duplicateIdEvery: 3 } as const;
  expect(readWire('sse', producedWire(options).bytes).text).not.toBe(readWire('sse', producedWire({ ...options, duplicateIdEvery: undefined }).bytes).text);
});

describe('resume over HTTP', () => {
  const producer = createProducerServer({ log: false });
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = (await producer.listen(0)).url;
  });
  afterAll(() => producer.close());

  it('GET /stream with Last-Event-ID replays the rest; /stats counts the replay and no token twice', async () => {
    const url = `${baseUrl}/stream?format=ai-sdk&tokens=80&reasoning=10&toolCalls=1&eventIds=true&dropAfter=40&id=resume-get`;
    const first = await readBodyToEnd((await fetch(url)).body);
    expect(first.failure).toBeInstanceOf(TypeError);
    const received = eventsOf(first.bytes);
    const cursor = received.at(-1)?.id as string;
    const second = await readBodyToEnd((await fetch(url, { headers: { 'Last-Event-ID': cursor } })).body);
    expect(second.failure).toBe(null);
    const whole = [...received, ...eventsOf(second.bytes)];
    expect(whole).toEqual(eventsOf(producedWire({ format: 'ai-sdk', tokens: 80, reasoning: 10, toolCalls: 1, eventIds: true }).bytes));
    await vi.waitFor(() => expect(producer.stats('resume-get').streams.every((stream) => stream.endedAt !== null)).toBe(true));
    const stats = producer.stats('resume-get');
    expect(stats.replays).toBe(1);
    const [original, replay] = stats.streams;
    expect(original).toMatchObject({ resumedAfter: null, lastEventId: Number(cursor), fault: 'dropAfter', completed: false });
    expect(replay).toMatchObject({ resumedAfter: Number(cursor), completed: true, fault: null });
    // 10 reasoning + 80 text + 5 tool input pieces, split between the two connections.
    expect((original?.tokensWritten ?? 0) + (replay?.tokensWritten ?? 0)).toBe(95);
  });

  it('GET /resume?id= replays a POSTed stream after Last-Event-ID, with the options of the original', async () => {
    const body = { format: 'openai-responses', tokens: 60, reasoning: 6, sources: 1, eventIds: true, dropEvery: 25, messages: [] };
    const first = await readBodyToEnd((await fetch(`${baseUrl}/stream?id=resume-post`, { method: 'POST', body: JSON.stringify(body) })).body);
    expect(first.failure).toBeInstanceOf(TypeError);
    const received = eventsOf(first.bytes);
    let cursor = received.at(-1)?.id as string;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const next = await readBodyToEnd((await fetch(`${baseUrl}/resume?id=resume-post`, { headers: { 'Last-Event-ID': cursor } })).body);
      received.push(...eventsOf(next.bytes));
      if (next.failure === null) break;
      cursor = received.at(-1)?.id as string;
    }
    expect(received).toEqual(eventsOf(producedWire({ format: 'openai-responses', tokens: 60, reasoning: 6, sources: 1, eventIds: true }).bytes));
    expect(readWire('openai-responses', new TextEncoder().encode(received.map((event) => `event: ${event.event}\ndata: ${event.data}\n\n`).join(''))).terminal).toBe('done');
    expect(producer.stats('resume-post').replays).toBe(producer.stats('resume-post').streams.length - 1);
    expect(producer.stats('resume-post').replays).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for an unknown stream and 400 for Last-Event-ID without eventIds', async () => {
    const unknown = await fetch(`${baseUrl}/resume?id=nobody`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no stream "nobody" to resume/u);
    const withoutIds = await fetch(`${baseUrl}/stream?format=sse&tokens=3`, { headers: { 'Last-Event-ID': '1' } });
    expect(withoutIds.status).toBe(400);
    expect(await withoutIds.text()).toMatch(/"lastEventId" needs "eventIds": true/u);
  });

  it('mockFetch honours Last-Event-ID the same way', async () => {
    const options = { format: 'anthropic', tokens: 40, toolCalls: 1, eventIds: true } as const;
    const fromServer = new Uint8Array(
      await (await fetch(`${baseUrl}/stream?format=anthropic&tokens=40&toolCalls=1&eventIds=true`, { headers: { 'Last-Event-ID': '17' } })).arrayBuffer(),
    );
    const fetchMock = mockFetch(options);
    const fromMock = new Uint8Array(await (await fetchMock('/stream', { headers: { 'Last-Event-ID': '17' } })).arrayBuffer());
    expect(fromMock).toEqual(fromServer);
    expect(eventsOf(fromMock)[0]?.id).toBe('18');
    expect(fetchMock.stats().streams[0]).toMatchObject({ resumedAfter: 17, completed: true });
  });
});
