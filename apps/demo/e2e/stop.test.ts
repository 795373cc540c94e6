import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSnapshot, clickAndTime, launchBrowser, openDemo, producerRecord, sampleAnswerText, sendPrompt } from './demo-page';

/** The budget: abort → the server sees the disconnect, on loopback. */
const disconnectBudgetMs = 50;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Starts a long answer and waits until text is on screen, so the cancel hits a live stream. */
async function startLongAnswer(page: Page): Promise<string> {
  const id = await sendPrompt(page);
  await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(100);
  return id;
}

async function disconnectAfter(id: string, clickedAt: { dateNow: number; performanceNow: number }, action: string) {
  await expect.poll(async () => (await producerRecord(id))?.clientDisconnected, { timeout: 5000, interval: 20 }).toBe(true);
  const record = await producerRecord(id);
  if (record?.disconnectedAt == null) throw new Error('the producer recorded no disconnect time');
  const latencyMs = record.disconnectedAt - clickedAt.dateNow;
  const byPerformanceClock = record.disconnectedAt - clickedAt.performanceNow;
  console.info(`${action} → producer saw the disconnect after ${latencyMs} ms (Date.now), ${byPerformanceClock.toFixed(1)} ms (performance clock)`);
  return { record, latencyMs };
}

describe('cancellation reaches the producer', () => {
  it('Stop closes the connection within 50 ms, nothing is produced after it, and the text freezes', async () => {
    const page = await openDemo(browser, { tokens: 200_000, rate: 400, statusEvery: 0 });
    const id = await startLongAnswer(page);

    const clickedAt = await clickAndTime(page, 'Stop');
    const { record, latencyMs } = await disconnectAfter(id, clickedAt, 'Stop');
    expect(latencyMs).toBeLessThan(disconnectBudgetMs);
    expect(record.tokensAfterDisconnect).toBe(0);
    expect(record.completed).toBe(false);

    const samples = await sampleAnswerText(page, 500);
    expect(samples).toHaveLength(1);
    const final = await answerSnapshot(page);
    expect(final?.phase).toBe('aborted');
    expect(samples[0]?.endsWith(`|${final?.text}`)).toBe(true);
    expect(samples[0]).toContain('Stopped');
    await expect.poll(() => page.locator('.sluice-message[data-role="assistant"]').last().getAttribute('data-phase')).toBe('aborted');
    expect(await page.getByRole('status').textContent()).toBe('Stopped');
    expect(await page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    // A little later the producer still reports nothing written after the disconnect.
    expect((await producerRecord(id))?.tokensAfterDisconnect).toBe(0);
    await page.close();
  });

  it('leaving the chat (unmount) closes the connection within 50 ms and nothing is produced after it', async () => {
    const page = await openDemo(browser, { tokens: 200_000, rate: 400, statusEvery: 0 });
    const id = await startLongAnswer(page);

    const clickedAt = await clickAndTime(page, 'Leave chat');
    const { record, latencyMs } = await disconnectAfter(id, clickedAt, 'Leave chat');
    expect(latencyMs).toBeLessThan(disconnectBudgetMs);
    expect(record.tokensAfterDisconnect).toBe(0);
    expect(await page.getByRole('region', { name: 'Chat' }).count()).toBe(0);

    const tokensAtDisconnect = record.tokensWritten;
    await page.waitForTimeout(300);
    expect((await producerRecord(id))?.tokensWritten).toBe(tokensAtDisconnect);
    await page.close();
  });
});
