import { expectedText } from '@sluice/mock-producer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

// Far more than the kernel and Chromium buffer between the producer and the page (a few MB on
// loopback), so the producer is still held, not finished, when the page is checked.
const tokens = 2_000_000;
const seed = 9;
const highWaterMarkKiB = 64;
const highWaterMarkBytes = highWaterMarkKiB * 1024;
/** The core reads fetch bodies into a buffer of this size: one read can land on top of the mark. */
const readBufferBytes = 64 * 1024;
/** Garbage-collector and allocator noise between two measurements of the page. */
const heapNoiseBytes = 2 * 1024 * 1024;

const browser = setUpBrowser();

async function heapMeter(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
}

/** The flush interval of the page's one frame clock, which core keeps on `globalThis` under a registered symbol. */
function sharedClockInterval(page: Page): Promise<number> {
  return page.evaluate(() => {
    const clock = (globalThis as Record<symbol, { flushIntervalMs: number } | undefined>)[Symbol.for('sluice.frame-clock')];
    if (!clock) throw new Error('the page has no shared frame clock');
    return clock.flushIntervalMs;
  });
}

describe('a renderer slower than the producer (renderer → buffer → TCP → producer)', () => {
  it('holds the producer on drain, keeps the heap flat, stretches flushes, and loses no byte', { timeout: 300_000 }, async () => {
    const page = await openDemo(browser(), {
      tokens,
      seed,
      rate: 0,
      burst: 1,
      statusEvery: 0,
      highWaterMarkKiB,
      slowRendererMs: 120,
      idleTimeoutMs: 0,
    });
    const heapUsed = await heapMeter(page);
    const id = await sendPrompt(page);

    // The page cannot paint as fast as the producer writes, so TCP must hold the producer.
    await expect.poll(async () => (await producerRecord(id))?.blockedOnDrainMs ?? 0, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    const first = await answerSnapshot(page);
    const firstRecord = await producerRecord(id);
    const heapFirst = await heapUsed();
    // Progress, not time: wait until another 512 KB got through the held connection.
    await expect
      .poll(async () => (await producerRecord(id))?.bytesWritten ?? 0, { timeout: 60_000, interval: 100 })
      .toBeGreaterThan((firstRecord?.bytesWritten ?? 0) + 512 * 1024);
    const held = await answerSnapshot(page);
    const heldRecord = await producerRecord(id);
    const heapHeld = await heapUsed();
    const clockIntervalMs = await sharedClockInterval(page);
    if (!first || !held || !firstRecord || !heldRecord) throw new Error('no snapshot or producer record');

    // Still held: most of the answer is still at the producer, which keeps waiting on drain.
    expect(held.phase).toBe('streaming');
    expect(heldRecord.completed).toBe(false);
    // How much of the answer got through by now depends on how fast this machine renders, so
    // "held" is asserted as outcomes: not complete, and the producer waited on drain again.
    expect(heldRecord.drainWaits).toBeGreaterThan(firstRecord.drainWaits);
    // The page buffers no more than the mark plus one read, however far behind it paints.
    expect(held.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMarkBytes + readBufferBytes);
    // The page's shared frame clock measured the slow frames and stretched its flush interval
    // (what `metrics.flushIntervalMs` reports; read from the clock itself here).
    expect(clockIntervalMs).toBeGreaterThan(1000 / 60);
    console.info(
      `held: producer blocked ${heldRecord.blockedOnDrainMs.toFixed(0)} ms in ${heldRecord.drainWaits} waits, ` +
        `${heldRecord.tokensWritten} of ${tokens} tokens written; ${held.text.length} characters shown; ` +
        `peak buffer ${held.metrics.maxBufferedBytes} B, ${held.metrics.readPauses} read pauses; ` +
        `clock interval ${clockIntervalMs.toFixed(1)} ms, metrics.flushIntervalMs ${held.metrics.flushIntervalMs} ms`,
    );

    // The slowdown ends: every byte the producer held back arrives.
    await page.getByLabel('Slow renderer (ms burned per frame)').fill('0');
    const final = await waitForSettled(page, 240_000);
    expect(final.error).toBeNull();
    expect(final.phase).toBe('done');
    expect(final.metrics.tokens).toBe(tokens);
    expect(final.text).toBe(expectedText({ seed, tokens }));
    expect(final.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMarkBytes + readBufferBytes);
    expect(await producerRecord(id)).toMatchObject({ tokensWritten: tokens, completed: true, clientDisconnected: false });

    // Flat heap while held: between the two held points the heap may grow by what was shown
    // meanwhile, at what showing a character costs this page (text, blocks, DOM wrappers,
    // React, the demo's history: measured over the rest of the answer, which streamed without
    // the slowdown), plus the bounded buffer as UTF-16 and noise; never by what was read and
    // not shown, which the high-water mark bounds.
    const heapFinal = await heapUsed();
    const bytesPerShownCharacter = (heapFinal - heapHeld) / (final.text.length - held.text.length);
    const shownWhileHeld = held.text.length - first.text.length;
    const bound = shownWhileHeld * bytesPerShownCharacter * 1.5 + 2 * 2 * (highWaterMarkBytes + readBufferBytes) + heapNoiseBytes;
    console.info(
      `heap: ${(heapFirst / 1e6).toFixed(1)} → ${(heapHeld / 1e6).toFixed(1)} MB while held (${shownWhileHeld} characters shown meanwhile, ` +
        `bound +${(bound / 1e6).toFixed(1)} MB), ${(heapFinal / 1e6).toFixed(1)} MB done: ${bytesPerShownCharacter.toFixed(1)} B per shown character`,
    );
    expect(heapHeld - heapFirst).toBeLessThanOrEqual(bound);
    await page.close();
  });
});
