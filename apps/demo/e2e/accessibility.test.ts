import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, openDemo, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const browser = setUpBrowser();

async function audit(page: Page): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe.run(document));
  return results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

describe('accessibility (axe-core)', () => {
  it('reports no violations on load, mid-stream, after Stop, and with the jump button shown', async () => {
    const page = await openDemo(browser(), { tokens: 3000, rate: 500, statusEvery: 25 });
    expect(await audit(page)).toEqual([]);

    await sendPrompt(page);
    await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(200);
    expect(await audit(page)).toEqual([]);

    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForSettled(page);
    expect(await audit(page)).toEqual([]);

    // Scrolled up: the "Jump to latest" button shows and must be accessible too.
    await page.getByRole('log', { name: 'Conversation' }).evaluate((log) => log.scrollBy(0, -3000));
    await page.getByRole('button', { name: /^Jump to latest/u }).waitFor();
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it('reports no violations with an error shown', async () => {
    const page = await openDemo(browser(), { fault: 'httpStatus' });
    await sendPrompt(page);
    const final = await waitForSettled(page);
    expect(final.phase).toBe('error');
    expect(await audit(page)).toEqual([]);
    await page.close();
  });
});
