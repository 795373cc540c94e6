import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { concatBytes } from './concat-bytes.js';
import { mockFetch } from './mock-fetch.js';
import { wireFormats } from './producer-options.js';
import type { ProducerOptionsInput } from './producer-options.js';
import { createProducerServer } from './server.js';
import { driveSteps } from './step-driver.js';
import type { StepSink } from './step-driver.js';
import { producedWire } from './test-support/produced-wire.js';
import { readBodyToEnd } from './test-support/read-body.js';
import type { WireStep } from './wire-steps.js';

const encoder = new TextEncoder();

function step(text: string, then: WireStep['then'] = 'continue'): WireStep {
  return { chunk: encoder.encode(text), tokens: 1, then, fault: then === 'stall' ? 'stallAfter' : then === 'drop' ? 'dropAfter' : null, lastEventId: null };
}

/** A sink that records what the driver does and lets the test decide when it is ready. */
function createRecordingSink() {
  const calls: string[] = [];
  let release: (() => void) | null = null;
  const sink: StepSink = {
    ready: (signal) => {
      calls.push('ready');
      return new Promise<void>((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    write: (chunk) => calls.push(`write ${new TextDecoder().decode(chunk)}`),
    end: () => calls.push('end'),
    drop: () => calls.push('drop'),
  };
  return { sink, calls, release: () => release?.() };
}

function* recordedSteps(steps: WireStep[], calls: string[]): Generator<WireStep, void, undefined> {
  for (const next of steps) {
    calls.push('generate');
    yield next;
  }
}

describe('driveSteps', () => {
  it('generates a step only once the sink is ready, and ends the body after the terminal step', async () => {
    const { sink, calls, release } = createRecordingSink();
    const stop = new AbortController();
    const result = driveSteps({ steps: recordedSteps([step('a'), step('b'), step('c', 'done')], calls), rate: 0, sink, signal: stop.signal });
    await nextTurn();
    expect(calls).toEqual(['ready']);
    release();
    await nextTurn();
    expect(calls).toEqual(['ready', 'generate', 'write a', 'ready']);
    release();
    await nextTurn();
    release();
    await expect(result).resolves.toBe('done');
    expect(calls).toEqual(['ready', 'generate', 'write a', 'ready', 'generate', 'write b', 'ready', 'generate', 'write c', 'end']);
  });

  it('writes a dropped step’s bytes, then cuts the body', async () => {
    const { sink, calls } = createRecordingSink();
    const ready = sink.ready;
    sink.ready = (signal) => {
      void ready(signal);
      return Promise.resolve();
    };
    await expect(driveSteps({ steps: [step('a'), step('b', 'drop')].values(), rate: 0, sink, signal: new AbortController().signal })).resolves.toBe('drop');
    expect(calls.filter((call) => call !== 'ready')).toEqual(['write a', 'write b', 'drop']);
  });

  it('stalls until the signal aborts, writing nothing more', async () => {
    const { sink, calls } = createRecordingSink();
    sink.ready = () => Promise.resolve();
    const stop = new AbortController();
    let settled = false;
    const result = driveSteps({ steps: [step('a', 'stall'), step('never')].values(), rate: 0, sink, signal: stop.signal }).then((outcome) => {
      settled = true;
      return outcome;
    });
    for (let turn = 0; turn < 5; turn += 1) await nextTurn();
    expect(settled).toBe(false);
    stop.abort();
    await expect(result).resolves.toBe('stall');
    expect(calls).toEqual(['write a']);
  });

  it('stops at once when the signal aborts during a wait, and releases a pending rate timer', async () => {
    const { sink, calls, release } = createRecordingSink();
    const stop = new AbortController();
    const result = driveSteps({ steps: [step('a'), step('b'), step('c', 'done')].values(), rate: 0.001, sink, signal: stop.signal });
    release();
    await vi.waitFor(() => expect(calls).toContain('write a'));
    release();
    // The second step is due in 1000 s at this rate: the driver now waits on a timer.
    await nextTurn();
    stop.abort();
    await expect(result).resolves.toBe('stopped');
    expect(calls).toEqual(['ready', 'write a', 'ready']);
  });
});

describe('the server and mockFetch share the driver', () => {
  const producer = createProducerServer({ log: false });
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = (await producer.listen(0)).url;
  });
  afterAll(() => producer.close());

  const query = (options: ProducerOptionsInput) =>
    new URLSearchParams(Object.entries(options).map(([name, value]) => [name, String(value)])).toString();

  it.each(wireFormats)('%s: the same bytes from both, parts switched on where the format carries them', async (format) => {
    const options: ProducerOptionsInput =
      format === 'text'
        ? { format, tokens: 300, seed: 2, burst: 7 }
        : { format, tokens: 300, seed: 2, burst: 7, reasoning: 20, toolCalls: 2, sources: format === 'openai' ? 0 : 2, statusEvery: 25, finishReason: 'length' };
    const fromServer = new Uint8Array(await (await fetch(`${baseUrl}/stream?${query(options)}`)).arrayBuffer());
    const fromMock = new Uint8Array(await (await mockFetch(options)('/stream')).arrayBuffer());
    expect(fromServer).toEqual(producedWire(options).bytes);
    expect(fromMock).toEqual(fromServer);
  });

  it('errorAfter: both send the error event and end the body normally', async () => {
    const options = { format: 'ai-sdk', tokens: 100, reasoning: 10, toolCalls: 1, errorAfter: 60 } as const;
    const server = await readBodyToEnd((await fetch(`${baseUrl}/stream?${query(options)}&id=parity-error`)).body);
    const fetchMock = mockFetch(options);
    const mock = await readBodyToEnd((await fetchMock('/stream')).body);
    expect(server.failure).toBe(null);
    expect(mock.failure).toBe(null);
    expect(mock.bytes).toEqual(server.bytes);
    expect(mock.bytes).toEqual(producedWire(options).bytes);
    await vi.waitFor(() => expect(producer.stats('parity-error').streams[0]?.endedAt).not.toBeNull());
    expect(producer.stats('parity-error').streams[0]).toMatchObject({ fault: 'errorAfter', tokensWritten: 60, completed: false });
    expect(fetchMock.stats().streams[0]).toMatchObject({ fault: 'errorAfter', tokensGenerated: 60, completed: false, ended: true });
  });

  it('dropAfter: both cut the body with a TypeError after the same bytes', async () => {
    const options = { format: 'anthropic', tokens: 100, toolCalls: 1, dropAfter: 53 } as const;
    const server = await readBodyToEnd((await fetch(`${baseUrl}/stream?${query(options)}`)).body);
    const mock = await readBodyToEnd((await mockFetch(options)('/stream')).body);
    expect(server.failure).toBeInstanceOf(TypeError);
    expect(mock.failure).toBeInstanceOf(TypeError);
    expect(mock.bytes).toEqual(server.bytes);
    expect(mock.bytes).toEqual(producedWire(options).bytes);
  });

  it('stallAfter: both deliver the same bytes, then leave the next read pending until the client aborts', async () => {
    const options = { format: 'openai-responses', tokens: 100, reasoning: 5, stallAfter: 30 } as const;
    const stalledBytes = producedWire(options).bytes;
    const serverAbort = new AbortController();
    const mockAbort = new AbortController();
    const fetchMock = mockFetch(options);
    const bodies = [
      (await fetch(`${baseUrl}/stream?${query(options)}&id=parity-stall`, { signal: serverAbort.signal })).body as ReadableStream<Uint8Array>,
      (await fetchMock('/stream', { signal: mockAbort.signal })).body as ReadableStream<Uint8Array>,
    ];
    const pendingReads: Array<{ read: Promise<unknown>; settled: () => boolean }> = [];
    for (const body of bodies) {
      const reader = body.getReader();
      const chunks: Uint8Array[] = [];
      while (concatBytes(chunks).length < stalledBytes.length) {
        const { value, done } = await reader.read();
        if (done) throw new Error('a stalled stream ended');
        chunks.push(value);
      }
      expect(concatBytes(chunks)).toEqual(stalledBytes);
      let settled = false;
      const read = reader.read().finally(() => {
        settled = true;
      });
      read.catch(() => {});
      pendingReads.push({ read, settled: () => settled });
    }
    for (let turn = 0; turn < 10; turn += 1) await nextTurn();
    expect(pendingReads.map((pending) => pending.settled())).toEqual([false, false]);
    expect(producer.stats('parity-stall').streams[0]).toMatchObject({ fault: 'stallAfter', tokensWritten: 30, endedAt: null });
    expect(fetchMock.stats().streams[0]).toMatchObject({ fault: 'stallAfter', tokensGenerated: 30, ended: false });
    serverAbort.abort();
    mockAbort.abort();
    for (const pending of pendingReads) await expect(pending.read).rejects.toThrow();
    await vi.waitFor(() => expect(producer.stats('parity-stall').streams[0]?.clientDisconnected).toBe(true));
    expect(producer.stats('parity-stall').streams[0]?.tokensAfterDisconnect).toBe(0);
    expect(fetchMock.stats().streams[0]).toMatchObject({ aborted: true, ended: true });
  });
});
