import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenStream, ndjson, openai, sse, text } from './index.js';
import type { StreamSnapshot } from './types.js';
import { createGate, settleMicrotasks } from './test-support/gate.js';
import { createInMemoryFetch } from './test-support/in-memory-fetch.js';
import {
  closeLoopbackServers,
  contentTypes,
  delay,
  serveChunks,
  startLoopbackServer,
  startStream,
  type LoopbackServer,
} from './testing/loopback-server.js';
import { createManualSchedule, immediateSchedule, recordSnapshots } from './testing/manual-schedule.js';
import { runToEnd } from './test-support/run-stream.js';

const encoder = new TextEncoder();
const unhandledRejections: unknown[] = [];
const onUnhandledRejection = (reason: unknown) => unhandledRejections.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', onUnhandledRejection);
});

afterEach(async () => {
  await closeLoopbackServers();
  // Rejections surface a turn or two after the promise that was left unhandled.
  await delay(20);
  expect(unhandledRejections).toEqual([]);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandledRejection);
});

/** Every SSE token event the server writes: `data: <token>\n\n`. */
const sseToken = (token: string) => `data: ${token}\n\n`;

/** A server that writes `first`, waits for `gate`, writes `second` and then keeps the connection open. */
async function serveInTwoSteps(first: string, second: string) {
  const gate = createGate();
  const server = await startLoopbackServer(async (_request, response) => {
    startStream(response, contentTypes.sse);
    response.write(first);
    await gate.opened;
    if (!response.destroyed) response.write(second);
  });
  return { server, gate };
}

/** A `fetch` that remembers the signal of the last request it made. */
function createSignalRecordingFetch() {
  let lastSignal: AbortSignal | undefined;
  const recordingFetch: typeof globalThis.fetch = (input, init) => {
    lastSignal = init?.signal ?? undefined;
    return globalThis.fetch(input, init);
  };
  return { fetch: recordingFetch, lastSignal: () => lastSignal };
}

function firstRequest(server: LoopbackServer) {
  const request = server.requests[0];
  if (!request) throw new Error('the server saw no request');
  return request;
}

describe('flushing: every snapshot change is published by a flush', () => {
  it('appends all pending tokens in one snapshot update with one notification', async () => {
    const tokenTexts = Array.from({ length: 100 }, (_, index) => `t${index} `);
    const { server, gate } = await serveInTwoSteps(tokenTexts.map(sseToken).join(''), '');
    const manual = createManualSchedule();
    const received: string[] = [];
    const stream = createTokenStream({ url: server.url, protocol: sse(), schedule: manual.schedule, onToken: (token) => received.push(token) });
    let notifications = 0;
    stream.subscribe(() => (notifications += 1));
    const run = stream.start();

    await vi.waitFor(() => expect(received).toHaveLength(100), { timeout: 10_000, interval: 5 });
    // Parsed, not yet painted.
    expect(stream.getSnapshot().text).toBe('');
    const before = notifications;
    manual.flush();
    expect(notifications - before).toBe(1);
    const flushed = stream.getSnapshot();
    expect(flushed.text).toBe(tokenTexts.join(''));
    expect(flushed.phase).toBe('streaming');
    expect(flushed.metrics.tokens).toBe(100);

    // A flush with nothing new publishes nothing and keeps the very same object.
    manual.flush();
    expect(notifications - before).toBe(1);
    expect(stream.getSnapshot()).toBe(flushed);

    stream.abort();
    gate.open();
    await run;
  });

  it('keeps the latest of many status updates in one flush and counts the others in droppedStatus', async () => {
    const events = Array.from({ length: 50 }, (_, index) => `event: progress\ndata: {"n":${index}}\n\n`).join('');
    const { server, gate } = await serveInTwoSteps(`${events}${sseToken('x')}`, '');
    const manual = createManualSchedule();
    const statuses: unknown[] = [];
    const stream = createTokenStream({ url: server.url, protocol: sse(), schedule: manual.schedule, onStatus: (status) => statuses.push(status) });
    let notifications = 0;
    stream.subscribe(() => (notifications += 1));
    const run = stream.start();

    await vi.waitFor(() => expect(statuses).toHaveLength(50), { timeout: 10_000, interval: 5 });
    await vi.waitFor(() => expect(stream.getSnapshot().text).toBe(''), { timeout: 10_000 });
    const before = notifications;
    // The token after the statuses is parsed in the same read or the next; flush once it is.
    await vi.waitFor(() => expect(manual.hasPending()).toBe(true), { timeout: 10_000 });
    manual.flush();
    expect(notifications - before).toBe(1);
    const snapshot = stream.getSnapshot();
    expect(snapshot.status).toEqual({ type: 'progress', data: { n: 49 } });
    expect(snapshot.metrics.droppedStatus).toBe(49);

    stream.abort();
    gate.open();
    await run;
  });

  it('returns the same snapshot object until something changes', async () => {
    const server = await serveChunks(contentTypes.sse, [sseToken('a'), sseToken('b')], { spacing: 10 });
    const stream = createTokenStream({ url: server.url, protocol: sse(), schedule: immediateSchedule });
    const idle = stream.getSnapshot();
    expect(stream.getSnapshot()).toBe(idle);
    expect(idle.phase).toBe('idle');
    const { snapshots } = recordSnapshots(stream);
    const final = await stream.start();
    expect(stream.getSnapshot()).toBe(final);
    expect(stream.getSnapshot()).toBe(stream.getSnapshot());
    // Every notification carried a new object.
    expect(new Set(snapshots).size).toBe(snapshots.length);
    expect(snapshots.at(-1)).toBe(final);
  });

  it('applies a done read together with tokens in the same flush, then calls onFinish with the final text', async () => {
    const body = encoder.encode(`${sseToken('a')}${sseToken('b')}event: done\ndata:\n\n`);
    const memory = createInMemoryFetch([body], { 'content-type': contentTypes.sse }, { close: false });
    const manual = createManualSchedule();
    const received: string[] = [];
    const finishes: Array<{ phase: string; text: string; notificationsSoFar: number; argument: StreamSnapshot }> = [];
    let notifications = 0;
    const stream = createTokenStream({
      url: 'http://127.0.0.1/unused',
      fetch: memory.fetch,
      protocol: sse(),
      schedule: manual.schedule,
      onToken: (token) => received.push(token),
      onFinish: (snapshot) => {
        const current = stream.getSnapshot();
        finishes.push({ phase: current.phase, text: current.text, notificationsSoFar: notifications, argument: snapshot });
      },
    });
    stream.subscribe(() => (notifications += 1));
    const run = stream.start();
    await vi.waitFor(() => expect(received).toEqual(['a', 'b']), { timeout: 10_000, interval: 1 });
    await settleMicrotasks();
    const before = notifications;
    manual.flush();
    expect(notifications - before).toBe(1);
    expect(stream.getSnapshot()).toMatchObject({ phase: 'done', text: 'ab' });
    const final = await run;
    expect(final).toBe(stream.getSnapshot());
    expect(finishes).toHaveLength(1);
    expect(finishes[0]).toMatchObject({ phase: 'done', text: 'ab', notificationsSoFar: notifications });
    expect(finishes[0]?.argument).toBe(final);
  });

  it('calls onFinish after the final flush over a real connection (text final, no notification afterwards)', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: one\n\n', 'data:  two\n\n', 'event: done\ndata:\n\n'], { spacing: 5 });
    let notifications = 0;
    let atFinish: { text: string; phase: string; notifications: number } | undefined;
    const stream = createTokenStream({
      url: server.url,
      protocol: sse(),
      schedule: 0,
      onFinish: () => {
        const current = stream.getSnapshot();
        atFinish = { text: current.text, phase: current.phase, notifications };
      },
    });
    stream.subscribe(() => (notifications += 1));
    const final = await stream.start();
    await delay(30);
    expect(atFinish).toEqual({ text: 'one two', phase: 'done', notifications });
    expect(final.text).toBe('one two');
  });

  it('keeps consistent metrics', async () => {
    const payload = `${sseToken('a')}${sseToken('bc')}event: progress\ndata: 1\n\n${sseToken('déf')}`;
    const server = await serveChunks(contentTypes.sse, [payload]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.metrics).toMatchObject({
      tokens: 3,
      bytes: encoder.encode(payload).byteLength,
      discardedChars: 0,
      readPauses: 0,
    });
    expect(snapshot.metrics.flushes).toBeGreaterThanOrEqual(1);
    expect(snapshot.metrics.maxBufferedBytes).toBeGreaterThan(0);
    expect(snapshot.metrics.maxBufferedBytes).toBeLessThanOrEqual(snapshot.metrics.bytes);
    expect(snapshot.metrics.tokensPerSecond).toBeGreaterThan(0);
    expect(snapshot.metrics.firstTokenMs).not.toBeNull();
  });

  it('publishes through the default frame schedule in Node (timer fallback)', async () => {
    const server = await serveChunks(contentTypes.sse, [sseToken('framed')]);
    const stream = createTokenStream({ url: server.url, protocol: sse() });
    const final = await stream.start();
    expect(final).toMatchObject({ text: 'framed', phase: 'done' });
    expect(final.metrics.flushes).toBeGreaterThanOrEqual(1);
  });
});

describe('errors land in the snapshot and onError, never in a rejection', () => {
  it('http: status and a body excerpt of at most 1 KB', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end(`overloaded ${'x'.repeat(5000)}`);
    });
    const errors: unknown[] = [];
    const { snapshot } = await runToEnd({ url: server.url, onError: (error) => errors.push(error) });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'http', status: 503 });
    expect(snapshot.error?.excerpt?.startsWith('overloaded xxx')).toBe(true);
    expect(encoder.encode(snapshot.error?.excerpt ?? '').byteLength).toBeLessThanOrEqual(1024);
    expect(errors).toEqual([snapshot.error]);
  });

  it('network: fetch rejects (nothing listens on the port)', async () => {
    const server = await startLoopbackServer(() => {});
    const url = server.url;
    await server.close();
    const { snapshot } = await runToEnd({ url });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('network');
    expect(snapshot.text).toBe('');
  });

  it('network: the socket is destroyed mid-body, and the text before it is kept', async () => {
    const received: string[] = [];
    const tokenSeen = createGate();
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      response.write(sseToken('before the reset'));
      await tokenSeen.opened;
      response.socket?.destroy();
    });
    const stream = createTokenStream({
      url: server.url,
      protocol: sse(),
      schedule: immediateSchedule,
      onToken: (token) => {
        received.push(token);
        tokenSeen.open();
      },
    });
    const snapshot = await stream.start();
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('network');
    expect(snapshot.text).toBe('before the reset');
  });

  it('protocol: invalid UTF-8 is an error with the text before it kept', async () => {
    const received: string[] = [];
    const tokenSeen = createGate();
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      response.write('valid ✓');
      await tokenSeen.opened;
      response.end(new Uint8Array([0x61, 0xff, 0xfe, 0x62]));
    });
    const snapshot = (
      await runToEnd({
        url: server.url,
        protocol: text(),
        onToken: (token) => {
          received.push(token);
          tokenSeen.open();
        },
      })
    ).snapshot;
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.text.startsWith('valid ✓')).toBe(true);
    expect(snapshot.text).not.toContain('\uFFFD');
  });
});

describe('failure keeps what arrived: the text before a failure is flushed together with the error', () => {
  /** Holds flushes until the client has hung up, then flushes once: text and error must arrive together. */
  async function expectTextAndErrorInOneFlush(
    server: LoopbackServer,
    options: Parameters<typeof createTokenStream>[0],
    expected: { text: string; kind: string },
  ) {
    const manual = createManualSchedule();
    const received: string[] = [];
    const stream = createTokenStream({ url: server.url, schedule: manual.schedule, onToken: (token) => received.push(token), ...options });
    const { snapshots } = recordSnapshots(stream);
    const run = stream.start();
    // The engine aborts its request as it records the failure, so the server seeing the
    // connection close proves the failure is pending.
    await firstRequest(await waitForRequest(server)).closed;
    await settleMicrotasks();
    expect(received.join('')).toBe(expected.text);
    const before = snapshots.length;
    manual.flush();
    expect(snapshots.length - before).toBe(1);
    const snapshot = stream.getSnapshot();
    expect(snapshot.text).toBe(expected.text);
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe(expected.kind);
    expect(await run).toBe(snapshot);
  }

  it('on a server error event', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.sse);
      response.write(`${sseToken('kept')}event: error\ndata: boom\n\n`);
    });
    await expectTextAndErrorInOneFlush(server, { protocol: sse() }, { text: 'kept', kind: 'server' });
  });

  it('on a protocol error', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.ndjson);
      response.write('"kept"\n{oops\n');
    });
    await expectTextAndErrorInOneFlush(server, { protocol: ndjson() }, { text: 'kept', kind: 'protocol' });
  });

  it('on an idle timeout', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.sse);
      response.write(sseToken('kept'));
    });
    await expectTextAndErrorInOneFlush(server, { protocol: sse(), timeouts: { idle: 150 } }, { text: 'kept', kind: 'timeout' });
  });

  it('on a network error (exact read boundaries)', async () => {
    let pulls = 0;
    const failingFetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              pulls += 1;
              if (pulls === 1) controller.enqueue(encoder.encode(sseToken('kept')));
              else controller.error(new TypeError('terminated'));
            },
          },
          { highWaterMark: 0 },
        ),
        { headers: { 'content-type': contentTypes.sse } },
      );
    const manual = createManualSchedule();
    const stream = createTokenStream({ url: 'http://127.0.0.1/unused', fetch: failingFetch, protocol: sse(), schedule: manual.schedule });
    const { snapshots } = recordSnapshots(stream);
    const run = stream.start();
    await vi.waitFor(() => expect(pulls).toBe(2), { timeout: 10_000, interval: 1 });
    await settleMicrotasks();
    const before = snapshots.length;
    manual.flush();
    expect(snapshots.length - before).toBe(1);
    expect(stream.getSnapshot()).toMatchObject({ text: 'kept', phase: 'error', error: { kind: 'network' } });
    await run;
  });

  it('on truncation (incomplete preset stream, exact read boundaries)', async () => {
    const chunk = `data: ${JSON.stringify({ choices: [{ delta: { content: 'kept' } }] })}\n\n`;
    const memory = createInMemoryFetch([encoder.encode(chunk)]);
    const manual = createManualSchedule();
    const stream = createTokenStream({ url: 'http://127.0.0.1/unused', fetch: memory.fetch, protocol: openai(), schedule: manual.schedule });
    const { snapshots } = recordSnapshots(stream);
    const run = stream.start();
    await vi.waitFor(() => expect(memory.pulls()).toBe(2), { timeout: 10_000, interval: 1 });
    await settleMicrotasks();
    const before = snapshots.length;
    manual.flush();
    expect(snapshots.length - before).toBe(1);
    expect(stream.getSnapshot()).toMatchObject({ text: 'kept', phase: 'error', error: { kind: 'incomplete' } });
    await run;
  });
});

/** Resolves once the server has seen its first request. */
async function waitForRequest(server: LoopbackServer): Promise<LoopbackServer> {
  await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(0), { timeout: 10_000, interval: 2 });
  return server;
}

describe('stop means stop: abort()', () => {
  it('closes the connection first, publishes aborted at once and freezes the visible text', async () => {
    const { server, gate } = await serveInTwoSteps(sseToken('Hello '), sseToken('world'));
    const manual = createManualSchedule();
    const signals = createSignalRecordingFetch();
    const received: string[] = [];
    const stream = createTokenStream({
      url: server.url,
      fetch: signals.fetch,
      protocol: sse(),
      schedule: manual.schedule,
      onToken: (token) => received.push(token),
    });
    const run = stream.start();
    await vi.waitFor(() => expect(received).toEqual(['Hello ']), { timeout: 10_000, interval: 2 });
    manual.flush();
    expect(stream.getSnapshot().text).toBe('Hello ');

    // Receive more while flushes are held: parsed, not painted.
    gate.open();
    await vi.waitFor(() => expect(received).toEqual(['Hello ', 'world']), { timeout: 10_000, interval: 2 });

    let signalAbortedWhenPublished: boolean | undefined;
    let notifications = 0;
    stream.subscribe(() => {
      notifications += 1;
      signalAbortedWhenPublished = signals.lastSignal()?.aborted;
    });
    stream.abort();

    // Published synchronously, after the request was aborted.
    expect(notifications).toBe(1);
    expect(signalAbortedWhenPublished).toBe(true);
    const aborted = stream.getSnapshot();
    expect(aborted.phase).toBe('aborted');
    expect(aborted.text).toBe('Hello ');
    expect(aborted.error).toBeNull();
    expect(aborted.metrics.discardedChars).toBe('world'.length);

    expect(await firstRequest(server).closed).toEqual({ finished: false });

    // No later flush changes anything.
    manual.flush();
    expect(stream.getSnapshot()).toBe(aborted);
    const final = await run;
    expect(final.phase).toBe('aborted');
    expect(final.text).toBe('Hello ');
    expect(notifications).toBe(1);
  });

  it('shows nothing after Stop while the server keeps writing', async () => {
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      for (let index = 0; !response.destroyed && index < 10_000; index += 1) {
        response.write(sseToken(`t${index}`));
        await delay(1);
      }
      response.end();
    });
    const stream = createTokenStream({ url: server.url, protocol: sse(), schedule: 0 });
    const run = stream.start();
    await vi.waitFor(() => expect(stream.getSnapshot().text.length).toBeGreaterThan(20), { timeout: 10_000, interval: 2 });
    stream.abort();
    const aborted = stream.getSnapshot();
    let notifications = 0;
    stream.subscribe(() => (notifications += 1));
    expect(await firstRequest(server).closed).toEqual({ finished: false });
    await run;
    await delay(50);
    expect(notifications).toBe(0);
    expect(stream.getSnapshot()).toBe(aborted);
    expect(aborted.phase).toBe('aborted');
  });

  it('follows an AbortSignal passed in init', async () => {
    const { server, gate } = await serveInTwoSteps(sseToken('a'), '');
    const outside = new AbortController();
    const stream = createTokenStream({ url: server.url, init: { signal: outside.signal }, protocol: sse(), schedule: immediateSchedule });
    const run = stream.start();
    await vi.waitFor(() => expect(stream.getSnapshot().text).toBe('a'), { timeout: 10_000, interval: 2 });
    outside.abort();
    expect(stream.getSnapshot().phase).toBe('aborted');
    expect(await firstRequest(server).closed).toEqual({ finished: false });
    expect((await run).phase).toBe('aborted');
    gate.open();
  });

  it('reset() aborts the run and publishes the idle snapshot at once', async () => {
    const { server, gate } = await serveInTwoSteps(sseToken('a'), sseToken('b'));
    const stream = createTokenStream({ url: server.url, protocol: sse(), schedule: immediateSchedule });
    const run = stream.start();
    await vi.waitFor(() => expect(stream.getSnapshot().text).toBe('a'), { timeout: 10_000, interval: 2 });
    let notifications = 0;
    stream.subscribe(() => (notifications += 1));
    stream.reset();
    expect(notifications).toBe(1);
    expect(stream.getSnapshot()).toMatchObject({ phase: 'idle', text: '', status: null, error: null });
    expect(await firstRequest(server).closed).toEqual({ finished: false });
    await run;
    gate.open();
    await delay(30);
    expect(stream.getSnapshot()).toMatchObject({ phase: 'idle', text: '' });
  });
});

describe('restart while streaming', () => {
  it('aborts the first run and never lets one of its tokens into the second', async () => {
    const first = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      while (!response.destroyed) {
        response.write(sseToken('first;'));
        await delay(1);
      }
    });
    const second = await serveChunks(contentTypes.sse, Array.from({ length: 20 }, () => sseToken('second;')), { spacing: 2 });
    const stream = createTokenStream({ url: first.url, protocol: sse(), schedule: immediateSchedule });
    const firstRun = stream.start();
    await vi.waitFor(() => expect(stream.getSnapshot().text).toContain('first;first;'), { timeout: 10_000, interval: 2 });

    const { snapshots } = recordSnapshots(stream);
    const secondRun = stream.start({ url: second.url });
    const firstFinal = await firstRun;
    const secondFinal = await secondRun;

    expect(firstFinal.phase).toBe('aborted');
    expect(await firstRequest(first).closed).toEqual({ finished: false });
    expect(secondFinal).toMatchObject({ phase: 'done', text: 'second;'.repeat(20) });
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) expect(snapshot.text).not.toContain('first');
    await delay(30);
    expect(stream.getSnapshot()).toBe(secondFinal);
  });
});

describe('timeouts abort the request and end the run with kind timeout', () => {
  it('firstToken: no token in time (a status update does not count)', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.sse);
      response.write('event: progress\ndata: {"step":"thinking"}\n\n');
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse(), timeouts: { firstToken: 150 } });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'timeout', timeout: 'firstToken' });
    expect(await firstRequest(server).closed).toEqual({ finished: false });
  });

  it('firstToken: a token in time disarms it for the rest of the run', async () => {
    const server = await serveChunks(contentTypes.sse, Array.from({ length: 20 }, (_, index) => sseToken(`${index},`)), { spacing: 40 });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse(), timeouts: { firstToken: 500 } });
    expect(snapshot.error).toBeNull();
    expect(snapshot.phase).toBe('done');
    expect(snapshot.text).toBe(Array.from({ length: 20 }, (_, index) => `${index},`).join(''));
    expect(snapshot.metrics.firstTokenMs).not.toBeNull();
    expect(snapshot.metrics.firstTokenMs ?? Number.NaN).toBeGreaterThanOrEqual(0);
    expect(snapshot.metrics.firstTokenMs ?? Number.NaN).toBeLessThanOrEqual(snapshot.metrics.durationMs);
  });

  it('idle: the stream goes quiet after a token; the token is kept', async () => {
    const server = await startLoopbackServer((_request, response) => {
      startStream(response, contentTypes.sse);
      response.write(sseToken('early'));
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse(), timeouts: { idle: 150 } });
    expect(snapshot.error).toMatchObject({ kind: 'timeout', timeout: 'idle' });
    expect(snapshot.text).toBe('early');
    expect(await firstRequest(server).closed).toEqual({ finished: false });
  });

  it('total: the stream keeps going past the total budget; the text so far is kept', async () => {
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      while (!response.destroyed) {
        response.write(sseToken('.'));
        await delay(5);
      }
    });
    const { snapshot, tokens } = await runToEnd({ url: server.url, protocol: sse(), timeouts: { total: 300, idle: 10_000 } });
    expect(snapshot.error).toMatchObject({ kind: 'timeout', timeout: 'total' });
    expect(snapshot.text.length).toBeGreaterThan(0);
    expect(snapshot.text).toBe(tokens.join(''));
    expect(await firstRequest(server).closed).toEqual({ finished: false });
  });
});

describe('misuse throws a TypeError synchronously', () => {
  /** Misuse may be caught by createTokenStream or by start(); either way it throws, never rejects. */
  function createAndStart(options: Parameters<typeof createTokenStream>[0]) {
    return () => {
      const stream = createTokenStream(options);
      void stream.start();
    };
  }

  it.each([
    ['highWaterMark: -1', { url: 'http://127.0.0.1/', highWaterMark: -1 }],
    ['highWaterMark: NaN', { url: 'http://127.0.0.1/', highWaterMark: Number.NaN }],
    ['a negative timeout', { url: 'http://127.0.0.1/', timeouts: { idle: -5 } }],
    ['an unknown schedule', { url: 'http://127.0.0.1/', schedule: 'sometimes' as never }],
    ['a protocol that is not one', { url: 'http://127.0.0.1/', protocol: {} as never }],
    ['no url', {}],
  ])('%s', (_name, options) => {
    expect(createAndStart(options)).toThrow(TypeError);
  });

  it('start() with no url throws before any request', () => {
    const stream = createTokenStream({ protocol: sse() });
    expect(() => stream.start()).toThrow(TypeError);
    expect(stream.getSnapshot().phase).toBe('idle');
  });
});

describe('start overrides and setOptions', () => {
  it('start(overrides) is shallow-merged; undefined does not erase an option', async () => {
    const server = await serveChunks(contentTypes.ndjson, ['"from ndjson"\n']);
    const stream = createTokenStream({ url: 'http://127.0.0.1:1/never', protocol: ndjson(), schedule: immediateSchedule });
    stream.setOptions({ protocol: undefined, url: server.url });
    const snapshot = await stream.start({ schedule: undefined });
    expect(snapshot).toMatchObject({ phase: 'done', text: 'from ndjson' });
  });
});
