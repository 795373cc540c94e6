import { afterEach, describe, expect, it } from 'vitest';
import { createTokenStream, sse } from './index.js';
import type { FlushRequestOptions, FrameClock } from './frame-clock.js';
import type { StreamSnapshot } from './types.js';
import { createInMemoryFetch } from './test-support/in-memory-fetch.js';
import { closeLoopbackServers, contentTypes, serveChunks } from './testing/loopback-server.js';
import { createManualSchedule, flushUntilSettled, recordSnapshots } from './testing/manual-schedule.js';

const sharedClockKey = Symbol.for('sluice.frame-clock');
type ClockHolder = { [sharedClockKey]?: FrameClock };
const originalClock = (globalThis as ClockHolder)[sharedClockKey];

afterEach(async () => {
  (globalThis as ClockHolder)[sharedClockKey] = originalClock;
  await closeLoopbackServers();
});

/** A page clock the test drives: it records every request and flushes when told. */
function installRecordingClock(flushIntervalMs: number) {
  const requests: Array<{ urgent: boolean }> = [];
  const waiting = new Set<() => void>();
  const clock: FrameClock = {
    request(flush, options?: FlushRequestOptions) {
      requests.push({ urgent: options?.urgent === true });
      waiting.add(flush);
      return () => waiting.delete(flush);
    },
    flushIntervalMs,
    ticks: 0,
  };
  (globalThis as ClockHolder)[sharedClockKey] = clock;
  return {
    requests,
    tick() {
      const due = [...waiting];
      waiting.clear();
      for (const flush of due) flush();
    },
  };
}

async function tickUntilSettled(clock: { tick(): void }, run: Promise<StreamSnapshot>): Promise<StreamSnapshot> {
  let settled = false;
  void run.finally(() => (settled = true));
  while (!settled) {
    clock.tick();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return run;
}

describe('metrics.flushIntervalMs is in every published snapshot', () => {
  it("is the shared clock's interval for the 'frame' schedule", async () => {
    const clock = installRecordingClock(33.5);
    const server = await serveChunks(contentTypes.sse, ['data: a\n\n', 'data: b\n\n']);
    const stream = createTokenStream({ url: server.url, protocol: sse() });
    const { snapshots } = recordSnapshots(stream);
    const final = await tickUntilSettled(clock, stream.start());
    expect(final.text).toBe('ab');
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snapshot of snapshots) expect(snapshot.metrics.flushIntervalMs).toBe(33.5);
  });

  it('is the number given for a numeric schedule, and 0 for a custom one', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: a\n\n']);
    const numeric = createTokenStream({ url: server.url, protocol: sse(), schedule: 5 });
    expect((await numeric.start()).metrics.flushIntervalMs).toBe(5);
    const manual = createManualSchedule();
    const custom = createTokenStream({ url: server.url, protocol: sse(), schedule: manual.schedule });
    const { snapshots } = recordSnapshots(custom);
    const final = await flushUntilSettled(manual, custom.start());
    expect(final.metrics.flushIntervalMs).toBe(0);
    expect(snapshots.every((snapshot) => snapshot.metrics.flushIntervalMs === 0)).toBe(true);
  });

  it('is in the aborted snapshot too', async () => {
    installRecordingClock(16);
    const server = await serveChunks(contentTypes.sse, ['data: a\n\n'], { end: false });
    const stream = createTokenStream({ url: server.url, protocol: sse() });
    const run = stream.start();
    stream.abort();
    expect((await run).metrics.flushIntervalMs).toBe(16);
  });
});

describe('flushes that carry a terminal outcome are urgent', () => {
  it('asks the clock with { urgent: true } for done, and not for tokens', async () => {
    const clock = installRecordingClock(16);
    const server = await serveChunks(contentTypes.sse, ['data: a\n\n']);
    const stream = createTokenStream({ url: server.url, protocol: sse() });
    const final = await tickUntilSettled(clock, stream.start());
    expect(final.phase).toBe('done');
    expect(clock.requests.at(-1)).toEqual({ urgent: true });
    expect(clock.requests.slice(0, -1).every((request) => !request.urgent)).toBe(true);
  });

  it('upgrades an already requested flush when an error arrives before it ran', async () => {
    const clock = installRecordingClock(16);
    const server = await serveChunks(contentTypes.sse, ['data: kept\n\nevent: error\ndata: boom\n\n']);
    const stream = createTokenStream({ url: server.url, protocol: sse() });
    const final = await tickUntilSettled(clock, stream.start());
    expect(final).toMatchObject({ phase: 'error', text: 'kept', error: { kind: 'server' } });
    expect(clock.requests.some((request) => request.urgent)).toBe(true);
  });
});

describe('reading is never paced to frames', () => {
  it('yields to the host between slices of a long parse, so other tasks run before the body is done', async () => {
    const event = 'data: token\n\n';
    const eventsPerChunk = Math.floor((64 * 1024) / event.length);
    const chunk = new TextEncoder().encode(event.repeat(eventsPerChunk));
    const chunks = Array.from({ length: 48 }, () => chunk);
    const memory = createInMemoryFetch(chunks, { 'content-type': contentTypes.sse });
    const manual = createManualSchedule();
    let parsedTokens = 0;
    const stream = createTokenStream({
      url: 'http://127.0.0.1/unused',
      fetch: memory.fetch,
      protocol: sse(),
      schedule: manual.schedule,
      highWaterMark: 64 * 1024 * 1024,
      onToken: () => (parsedTokens += 1),
    });
    const run = stream.start();
    // An in-memory body resolves every read as a microtask: without yielding, the whole body
    // would be parsed before any other task.
    const parsedWhenAnotherTaskRan = await new Promise<number>((resolve) => {
      const waitForParsing = () => (parsedTokens > 0 ? setImmediate(() => resolve(parsedTokens)) : setImmediate(waitForParsing));
      waitForParsing();
    });
    expect(parsedWhenAnotherTaskRan).toBeGreaterThan(0);
    expect(parsedWhenAnotherTaskRan).toBeLessThan(chunks.length * eventsPerChunk);
    const final = await flushUntilSettled(manual, run);
    expect(final.metrics.tokens).toBe(chunks.length * eventsPerChunk);
  });

  it('reads a body far bigger than one 8 ms slice without a single flush, when under the high-water mark', async () => {
    const event = 'data: token\n\n';
    const chunk = new TextEncoder().encode(event.repeat(Math.floor((64 * 1024) / event.length)));
    const chunks = Array.from({ length: 48 }, () => chunk);
    const memory = createInMemoryFetch(chunks, { 'content-type': contentTypes.sse });
    const manual = createManualSchedule();
    const stream = createTokenStream({ url: 'http://127.0.0.1/unused', fetch: memory.fetch, protocol: sse(), schedule: manual.schedule, highWaterMark: 64 * 1024 * 1024 });
    let parsedTokens = 0;
    const run = stream.start({ onToken: () => (parsedTokens += 1) });
    // No flush runs: before, the read loop waited for one after each 8 ms slice.
    while (memory.pulls() <= chunks.length) await new Promise((resolve) => setImmediate(resolve));
    expect(parsedTokens).toBe(48 * Math.floor((64 * 1024) / event.length));
    expect(stream.getSnapshot().text).toBe('');
    const final = await flushUntilSettled(manual, run);
    expect(final.metrics.readPauses).toBe(0);
    expect(final.text.length).toBe(parsedTokens * 'token'.length);
  });
});
