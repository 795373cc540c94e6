import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenStream, text } from './index.js';
import { closeLoopbackServers, contentTypes, delay, startLoopbackServer, startStream, writeRespectingDrain } from './testing/loopback-server.js';
import { createManualSchedule, flushUntilSettled } from './testing/manual-schedule.js';

afterEach(closeLoopbackServers);

const totalBytes = 40 * 1024 * 1024;
const writeSize = 64 * 1024;
const highWaterMark = 64 * 1024;

/** Deterministic ASCII (one byte per character) that differs from block to block. */
function block(index: number): Buffer {
  const bytes = Buffer.allocUnsafe(writeSize);
  for (let offset = 0; offset < writeSize; offset += 1) bytes[offset] = 97 + ((index * 7 + offset) % 26);
  return bytes;
}

/** A `fetch` that passes the body through untouched while noting the largest chunk a read returns. */
function createChunkMeasuringFetch() {
  let largestChunk = 0;
  const measuringFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const body = response.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          largestChunk = Math.max(largestChunk, chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body ?? null, { status: response.status, headers: response.headers });
  };
  return { fetch: measuringFetch, largestChunk: () => largestChunk };
}

describe('backpressure: a stalled consumer holds the producer back', () => {
  it('blocks a 40 MB producer on drain while flushes are held, bounds the buffer, then delivers every byte', async () => {
    const producer = { bytesWritten: 0, waitingForDrain: false, drainWaits: 0, hash: createHash('sha256') };
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      for (let index = 0; producer.bytesWritten < totalBytes; index += 1) {
        const chunk = block(index);
        producer.hash.update(chunk);
        producer.bytesWritten += chunk.byteLength;
        if (!response.write(chunk)) {
          producer.waitingForDrain = true;
          producer.drainWaits += 1;
          // writeRespectingDrain with an empty chunk just waits for the drain (or the close).
          if (!(await writeRespectingDrain(response, new Uint8Array(0)))) return;
          producer.waitingForDrain = false;
        }
      }
      response.end();
    });

    const manual = createManualSchedule();
    const measuring = createChunkMeasuringFetch();
    const stream = createTokenStream({ url: server.url, fetch: measuring.fetch, protocol: text(), schedule: manual.schedule, highWaterMark });
    const run = stream.start();

    // Nobody flushes: the producer must end up stuck on drain (waiting, and no byte written
    // over a quiet spell), far from done. Early drain waits that clear on their own do not count.
    let stuck = false;
    for (let attempt = 0; attempt < 50 && !stuck; attempt += 1) {
      await vi.waitFor(() => expect(producer.waitingForDrain).toBe(true), { timeout: 15_000, interval: 10 });
      const writtenBefore = producer.bytesWritten;
      await delay(200);
      stuck = producer.waitingForDrain && producer.bytesWritten === writtenBefore;
    }
    expect(stuck).toBe(true);
    expect(producer.bytesWritten).toBeLessThan(totalBytes);
    expect(stream.getSnapshot().text).toBe('');

    // Flushes resume: everything arrives, in order.
    const final = await flushUntilSettled(manual, run);
    expect(final.phase).toBe('done');
    expect(final.text.length).toBe(totalBytes);
    expect(final.metrics.bytes).toBe(totalBytes);
    expect(createHash('sha256').update(final.text).digest('hex')).toBe(producer.hash.digest('hex'));

    expect(final.metrics.readPauses).toBeGreaterThan(0);
    expect(final.metrics.maxBufferedBytes).toBeGreaterThan(highWaterMark);
    expect(final.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMark + measuring.largestChunk());
    expect(producer.drainWaits).toBeGreaterThan(0);
  });

  it('does not pause while the consumer keeps up with a large high-water mark', async () => {
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      for (let index = 0; index < 16; index += 1) await writeRespectingDrain(response, block(index));
      response.end();
    });
    const manual = createManualSchedule();
    const stream = createTokenStream({ url: server.url, protocol: text(), schedule: manual.schedule, highWaterMark: 64 * 1024 * 1024 });
    const final = await flushUntilSettled(manual, stream.start());
    expect(final.text.length).toBe(16 * writeSize);
    expect(final.metrics.readPauses).toBe(0);
  });
});
