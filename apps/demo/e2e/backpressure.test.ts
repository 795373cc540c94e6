import { expectedText } from '@sluice/mock-producer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const highWaterMarkKiB = 64;

/** The core reads fetch bodies (byte streams) into a buffer of this size. */
const readBufferBytes = 64 * 1024;

/**
 * Records the largest chunk any body reader in the page received, default or BYOB. The core
 * checks the mark before each read, so one whole read can land on top of it; reads are bounded
 * by the core's 64 KiB read buffer (without it Chromium hands over up to ~2 MB when the reader lags).
 */
async function recordLargestRead(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tracked = window as unknown as { largestReadBytes: number };
    tracked.largestReadBytes = 0;
    const record = (result: ReadableStreamReadResult<unknown>) => {
      const chunk = result.value;
      if (chunk instanceof Uint8Array && chunk.byteLength > tracked.largestReadBytes) tracked.largestReadBytes = chunk.byteLength;
      return result;
    };
    const defaultRead = ReadableStreamDefaultReader.prototype.read;
    ReadableStreamDefaultReader.prototype.read = function readAndRecord(this: ReadableStreamDefaultReader<unknown>) {
      return defaultRead.call(this).then(record);
    } as typeof defaultRead;
    const byobRead = ReadableStreamBYOBReader.prototype.read;
    ReadableStreamBYOBReader.prototype.read = function readAndRecord(this: ReadableStreamBYOBReader, view: ArrayBufferView) {
      return byobRead.call(this, view as Uint8Array).then(record);
    } as typeof byobRead;
  });
}

function largestRead(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { largestReadBytes: number }).largestReadBytes);
}
const tokens = 400_000;
const seed = 5;

const browser = setUpBrowser();

describe('a slow renderer against an unlimited producer', () => {
  it('blocks the producer on drain, keeps the page buffer under the high-water mark, and loses no token', async () => {
    const page = await openDemo(browser(), { tokens, seed, rate: 0, burst: 1, statusEvery: 0, highWaterMarkKiB, slowRendererMs: 100, idleTimeoutMs: 0 }, recordLargestRead);
    const id = await sendPrompt(page);

    // The page reads only what it paints, so the producer must end up waiting for TCP to drain.
    await expect.poll(async () => (await producerRecord(id))?.blockedOnDrainMs ?? 0, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    const whileSlow = await answerSnapshot(page);
    const recordWhileSlow = await producerRecord(id);
    const chunkWhileSlow = await largestRead(page);
    expect(chunkWhileSlow).toBeGreaterThan(0);
    expect(chunkWhileSlow).toBeLessThanOrEqual(readBufferBytes);
    expect(whileSlow?.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMarkKiB * 1024 + readBufferBytes);
    console.info(
      `while slow (${whileSlow?.phase}): producer blocked ${recordWhileSlow?.blockedOnDrainMs.toFixed(0)} ms in ${recordWhileSlow?.drainWaits} waits, ` +
        `${recordWhileSlow?.tokensWritten} of ${tokens} tokens written; page peak buffer ${whileSlow?.metrics.maxBufferedBytes} B, ` +
        `${whileSlow?.metrics.readPauses} read pauses, largest read ${chunkWhileSlow} B`,
    );

    // The slowdown ends: everything the producer had held back arrives.
    await page.getByLabel('Slow renderer (ms burned per frame)').fill('0');
    const final = await waitForSettled(page, 90_000);
    expect(final.error).toBeNull();
    expect(final.phase).toBe('done');
    expect(final.metrics.tokens).toBe(tokens);
    expect(final.text).toBe(expectedText({ seed, tokens }));
    const largestChunk = await largestRead(page);
    expect(largestChunk).toBeLessThanOrEqual(readBufferBytes);
    expect(final.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMarkKiB * 1024 + readBufferBytes);
    const record = await producerRecord(id);
    expect(record).toMatchObject({ tokensWritten: tokens, completed: true, clientDisconnected: false });
    console.info(`final: blocked ${record?.blockedOnDrainMs.toFixed(0)} ms, peak buffer ${final.metrics.maxBufferedBytes} B, ${final.metrics.readPauses} read pauses, largest read ${largestChunk} B`);
    await page.close();
  });
});
