import { expectedText } from '@sluice/mock-producer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const browser = setUpBrowser();

async function readMetric(page: Page, name: string): Promise<number> {
  const element = page.locator(`[data-metric="${name}"]`);
  const value = (await element.getAttribute('data-value')) ?? (await element.textContent()) ?? '';
  return Number.parseFloat(value);
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Reads what the metrics panel shows while an answer streams, as a person would. The figures
 * are printed for the report; the assertions are about counts only (machines are noisy).
 */
describe('figures the demo shows', () => {
  it.each([
    { label: '2,000 tokens/s', rate: 2000, tokens: 12_000 },
    { label: 'unlimited rate', rate: 0, tokens: 800_000 },
  ])('at $label', async ({ label, rate, tokens }) => {
    const seed = 21;
    const page = await openDemo(browser(), { tokens, seed, rate, burst: 1, statusEvery: 100 });
    const id = await sendPrompt(page);
    const samples: Array<{ tokensPerSecond: number; commitsPerSecond: number }> = [];
    while ((await answerSnapshot(page))?.phase !== 'done' && samples.length < 240) {
      await page.waitForTimeout(250);
      if ((await readMetric(page, 'tokens')) > 0) {
        samples.push({ tokensPerSecond: await readMetric(page, 'tokens-per-second'), commitsPerSecond: await readMetric(page, 'commits-per-second') });
      }
    }
    const final = await waitForSettled(page);
    // One more poll of /api/stats lands after the answer settles.
    await page.waitForTimeout(800);
    const blockedOnDrainMs = await readMetric(page, 'blocked-on-drain-ms');
    const record = await producerRecord(id);
    const streaming = samples.slice(1, -1);
    console.info(
      `[figures] ${label}: tokens/s median ${median(streaming.map((sample) => sample.tokensPerSecond))} ` +
        `(max ${Math.max(...streaming.map((sample) => sample.tokensPerSecond))}), ` +
        `commits/s median ${median(streaming.map((sample) => sample.commitsPerSecond))} ` +
        `(max ${Math.max(...streaming.map((sample) => sample.commitsPerSecond))}), ` +
        `blocked on drain ${blockedOnDrainMs.toFixed(0)} ms shown (producer: ${record?.blockedOnDrainMs.toFixed(0)} ms in ${record?.drainWaits} waits), ` +
        `peak buffered ${final.metrics.maxBufferedBytes} B, ${final.metrics.flushes} flushes, ${final.metrics.droppedStatus} status updates dropped, ` +
        `run ${(final.metrics.tokens / final.metrics.tokensPerSecond).toFixed(1)} s`,
    );
    expect(final.phase).toBe('done');
    expect(final.text).toBe(expectedText({ seed, tokens }));
    expect(streaming.length).toBeGreaterThan(0);
    expect(await readMetric(page, 'tokens')).toBe(tokens);
    expect(await readMetric(page, 'producer-tokens')).toBe(tokens);
    expect(blockedOnDrainMs).toBe(record?.blockedOnDrainMs);
    await page.close();
  });
});
