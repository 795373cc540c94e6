import { expectedText } from '@sluice/mock-producer';
import { describe, expect, it } from 'vitest';
import { openDemo, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const seed = 5;
const tokens = 600;

const browser = setUpBrowser();

describe('the demo paces output when "Smooth output (pace)" is on', () => {
  it('reads the setting from the query; every frame shows a prefix of the answer and it ends complete', async () => {
    const page = await openDemo(browser(), { tokens, seed, rate: 400, burst: 40, statusEvery: 0, pace: 1, maxLagMs: 400 });
    await expect.poll(() => page.getByLabel('Smooth output (pace)').isChecked()).toBe(true);
    expect(await page.getByLabel('Max lag (ms)').inputValue()).toBe('400');

    await sendPrompt(page);
    // Every text the answer showed while streaming, sampled in the page.
    const seen = await page.evaluate(async () => {
      const texts: string[] = [];
      for (;;) {
        const snapshot = window.sluiceDemo?.answerSnapshot() ?? null;
        if (snapshot !== null) texts.push(snapshot.text);
        if (snapshot !== null && snapshot.phase !== 'connecting' && snapshot.phase !== 'streaming') return texts;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    });
    const final = await waitForSettled(page);
    const complete = expectedText({ seed, tokens });
    expect(final.phase).toBe('done');
    expect(final.text).toBe(complete);
    for (const shown of seen) expect(complete.startsWith(shown)).toBe(true);
    await page.context().close();
  });

  it('can be switched on in the controls panel', async () => {
    const page = await openDemo(browser(), { tokens: 50, seed, statusEvery: 0 });
    const checkbox = page.getByLabel('Smooth output (pace)');
    expect(await checkbox.isChecked()).toBe(false);
    expect(await page.getByLabel('Max lag (ms)').isDisabled()).toBe(true);
    await checkbox.check();
    expect(await page.getByLabel('Max lag (ms)').isDisabled()).toBe(false);
    await sendPrompt(page);
    const final = await waitForSettled(page);
    expect(final.text).toBe(expectedText({ seed, tokens: 50 }));
    await page.context().close();
  });
});
