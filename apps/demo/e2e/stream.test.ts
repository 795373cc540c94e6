import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectedText } from '@sluice/mock-producer';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, lastAnswerRow, openDemo, producerRecord, sendPrompt, setUpBrowser, visibleCharacters, waitForSettled } from './demo-page';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const browser = setUpBrowser();

describe('sending a prompt', () => {
  it('streams the answer into the transcript with live phase and status, and ends with exactly the producer text', async () => {
    const page = await openDemo(browser(), { format: 'sse', tokens: 600, seed: 7, rate: 300, statusEvery: 20 });
    const id = await sendPrompt(page);
    const row = lastAnswerRow(page);
    const status = page.getByRole('status');

    // Mid-stream: the row is busy, the status line names the phase and the latest progress update.
    await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(200);
    await expect.poll(() => row.getAttribute('aria-busy')).toBe('true');
    expect(await row.getAttribute('data-phase')).toBe('streaming');
    await expect.poll(() => status.textContent()).toMatch(/^Streaming… .*\d+%$/);
    // The metrics panel samples four times a second: let it catch up before the picture.
    await expect.poll(async () => Number(await page.locator('[data-metric="tokens-per-second"]').textContent())).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-metric="phase"]').textContent()).toBe('streaming');
    mkdirSync(`${repositoryRoot}test-results`, { recursive: true });
    await page.screenshot({ path: `${repositoryRoot}test-results/demo-mid-stream.png` });

    const final = await waitForSettled(page);
    const expected = expectedText({ seed: 7, tokens: 600 });
    expect(final.phase).toBe('done');
    expect(final.text).toBe(expected);
    expect(final.metrics.tokens).toBe(600);
    expect(await row.getAttribute('data-phase')).toBe('done');
    expect(await row.getAttribute('aria-busy')).not.toBe('true');
    expect(visibleCharacters((await row.textContent()) ?? '')).toBe(visibleCharacters(expected));
    await expect.poll(() => status.textContent()).toBe('Done');

    const record = await producerRecord(id);
    expect(record).toMatchObject({ id, tokensWritten: 600, completed: true, clientDisconnected: false });
    await page.close();
  });

  it.each(['sse', 'ndjson', 'text', 'openai', 'anthropic', 'ai-sdk'])('shows exactly what the producer sent in the %s format', async (format) => {
    const page = await openDemo(browser(), { format, tokens: 1500, seed: 3, rate: 0, burst: 7, statusEvery: 40 });
    const id = await sendPrompt(page);
    const final = await waitForSettled(page);
    expect(final.error).toBeNull();
    expect(final.phase).toBe('done');
    expect(final.text).toBe(expectedText({ seed: 3, tokens: 1500 }));
    const record = await producerRecord(id);
    expect(record).toMatchObject({ format, tokensWritten: 1500, completed: true });
    await page.close();
  });
});
