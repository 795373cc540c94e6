import { expectedText } from '@sluice/mock-producer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const tokens = 4000;
const seed = 11;
/** Heap growth allowed while hidden: the whole answer is ~25 KB of text, so this is generous yet catches a leak. */
const heapGrowthLimitBytes = 32 * 1024 * 1024;

const browser = setUpBrowser();

/**
 * Headless Chromium keeps `visibilityState` 'visible' for a background tab, so the hidden state
 * is emulated the way a real hidden tab looks to the page: visibility 'hidden', a
 * `visibilitychange` event, and no animation frames at all.
 */
async function hide(page: Page): Promise<void> {
  await page.evaluate(() => {
    const emulation = window as unknown as { realRequestAnimationFrame?: typeof requestAnimationFrame };
    emulation.realRequestAnimationFrame = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

async function show(page: Page): Promise<void> {
  await page.evaluate(() => {
    const emulation = window as unknown as { realRequestAnimationFrame?: typeof requestAnimationFrame };
    if (emulation.realRequestAnimationFrame) window.requestAnimationFrame = emulation.realRequestAnimationFrame;
    // The own properties shadowed the prototype's getters; removing them restores the real state.
    delete (document as unknown as Record<string, unknown>).visibilityState;
    delete (document as unknown as Record<string, unknown>).hidden;
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('a hidden tab', () => {
  it('keeps receiving at a low flush rate with bounded memory, and shows the complete text when visible again', async () => {
    const page = await openDemo(browser(), { tokens, seed, rate: 400, statusEvery: 0 });
    const cdp = await page.context().newCDPSession(page);
    const heapUsed = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };

    const id = await sendPrompt(page);
    await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(100);
    // Another tab in front as well, as when a user switches away.
    const otherTab = await page.context().newPage();
    await otherTab.bringToFront();
    await hide(page);
    const heapBefore = await heapUsed();
    const before = await answerSnapshot(page);

    // No frames at all, yet the text keeps growing: the hidden-tab timer flushes.
    const lengths: number[] = [];
    for (let sample = 0; sample < 6; sample += 1) {
      await page.waitForTimeout(400);
      lengths.push((await answerSnapshot(page))?.text.length ?? 0);
    }
    const during = await answerSnapshot(page);
    const heapAfter = await heapUsed();
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    expect(during?.phase).toBe('streaming');
    expect(new Set(lengths).size).toBeGreaterThanOrEqual(3);
    expect(during?.metrics.flushes ?? 0).toBeGreaterThan(before?.metrics.flushes ?? 0);
    expect(heapAfter - heapBefore).toBeLessThan(heapGrowthLimitBytes);
    console.info(
      `hidden for ~2.4 s: ${(during?.metrics.flushes ?? 0) - (before?.metrics.flushes ?? 0)} flushes, text ${before?.text.length} → ${during?.text.length} chars, ` +
        `heap ${(heapBefore / 1e6).toFixed(1)} → ${(heapAfter / 1e6).toFixed(1)} MB`,
    );

    await page.bringToFront();
    await show(page);
    const final = await waitForSettled(page);
    expect(final.phase).toBe('done');
    expect(final.text).toBe(expectedText({ seed, tokens }));
    expect((await producerRecord(id))?.completed).toBe(true);
    await otherTab.close();
    await page.close();
  });
});
