import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, demoUrl, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const browser = setUpBrowser();

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

async function open(viewport: { width: number; height: number }, settings: Record<string, string | number>, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser().newContext({ viewport, colorScheme, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  const page = await context.newPage();
  const query = new URLSearchParams(Object.entries(settings).map(([name, value]) => [name, String(value)]));
  await page.goto(`${demoUrl()}?${query.toString()}`);
  await page.getByRole('log', { name: 'Conversation' }).locator('.sluice-message').first().waitFor();
  return page;
}

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

async function audit(page: Page): Promise<Array<{ id: string; targets: string[] }>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe.run(document));
  return results.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

describe('keyboard and focus', () => {
  it('Escape stops a running answer from the log, and focus returns to the prompt', async () => {
    const page = await open(desktop, { tokens: 100_000, rate: 300 });
    await sendPrompt(page);
    await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(100);
    // Focus somewhere else in the chat: the log itself.
    await page.getByRole('log', { name: 'Conversation' }).focus();
    await page.keyboard.press('Escape');
    const final = await waitForSettled(page);
    expect(final.phase).toBe('aborted');
    expect(await focusedId(page)).toBe('chat-prompt');
    expect(await page.getByRole('status').textContent()).toBe('Stopped');
    await page.context().close();
  });

  it('returns focus to the prompt after Stop is clicked and after an answer settles', async () => {
    const page = await open(desktop, { tokens: 100_000, rate: 300 });
    await sendPrompt(page);
    await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(50);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForSettled(page);
    expect(await focusedId(page)).toBe('chat-prompt');
    await page.context().close();

    const short = await open(desktop, { tokens: 60, rate: 600 });
    await sendPrompt(short);
    // The click left focus on Send; once the answer is done it is back in the prompt.
    expect((await waitForSettled(short)).phase).toBe('done');
    await expect.poll(() => focusedId(short)).toBe('chat-prompt');
    await short.context().close();
  });

  it('keeps Send enabled and reachable, and says why an empty prompt is not sent', async () => {
    const page = await open(desktop, { tokens: 60 });
    const send = page.getByRole('button', { name: 'Send' });
    expect(await send.isDisabled()).toBe(false);
    const rowsBefore = await page.locator('.sluice-message').count();
    await send.click();
    await expect.poll(() => page.locator('.sluice-composer__hint').textContent()).toBe('Type a prompt first.');
    expect(await focusedId(page)).toBe('chat-prompt');
    expect(await page.locator('.sluice-message').count()).toBe(rowsBefore);
    // Stop cannot act while nothing streams; its description says how it works.
    const stop = page.getByRole('button', { name: 'Stop' });
    expect(await stop.isDisabled()).toBe(true);
    expect(await stop.getAttribute('aria-describedby')).toBe(await page.locator('.sluice-composer__hint').getAttribute('id'));
    await page.context().close();
  });

  it('offers Retry on a failed answer, which sends the same prompt once more', async () => {
    const page = await open(desktop, { fault: 'httpStatus' });
    const firstId = await sendPrompt(page, 'Please answer this');
    expect((await waitForSettled(page)).phase).toBe('error');
    const failedRow = page.locator('.sluice-message[data-role="assistant"]').last();
    await failedRow.getByRole('button', { name: 'Retry' }).click();
    const chat = page.getByRole('region', { name: 'Chat' });
    await expect.poll(() => chat.getAttribute('data-stream-id')).not.toBe(firstId);
    await waitForSettled(page);
    const userRows = page.locator('.sluice-message[data-role="user"]');
    expect(await userRows.last().textContent()).toBe('Please answer this');
    expect(await userRows.nth((await userRows.count()) - 2).textContent()).toBe('Please answer this');
    await page.context().close();
  });
});

describe('at 390 × 844 (a phone)', () => {
  it('gives the prompt the width, keeps Send and Stop inside it, and follows the answer', async () => {
    const page = await open(phone, { tokens: 300, rate: 600 });
    const box = await page.locator('.sluice-composer__box').boundingBox();
    const input = await page.getByLabel('Prompt').boundingBox();
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    const stop = await page.getByRole('button', { name: 'Stop' }).boundingBox();
    if (box === null || input === null || send === null || stop === null) throw new Error('the composer is not laid out');
    expect(input.width).toBeGreaterThan(180);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    // Send and Stop sit inside the prompt box, side by side, without overlapping.
    for (const button of [send, stop]) {
      expect(button.x).toBeGreaterThanOrEqual(box.x);
      expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width);
    }
    expect(send.x + send.width).toBeLessThanOrEqual(stop.x);
    // The page itself does not scroll sideways or down.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([phone.width, phone.height]);

    await sendPrompt(page);
    expect((await waitForSettled(page)).phase).toBe('done');
    // The finished answer is on screen, at the bottom of the log.
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect.poll(() => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThanOrEqual(2);
    const answer = await page.locator('.sluice-message[data-role="assistant"]').last().boundingBox();
    const logBox = await log.boundingBox();
    expect(answer !== null && logBox !== null && answer.y + answer.height <= logBox.y + logBox.height + 2).toBe(true);
    await page.context().close();
  });

  it('puts the controls and metrics behind a button that opens them as a panel', async () => {
    const page = await open(phone, {});
    const panel = page.getByRole('complementary', { name: 'Controls and metrics' });
    expect(await panel.isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: 'Controls and metrics' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await panel.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close controls' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Wire format').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Close controls' }).click();
    expect(await panel.isVisible()).toBe(false);
    await page.context().close();
  });
});

describe('axe-core at both widths, light and dark', () => {
  for (const [name, viewport] of [
    ['1280 × 800', desktop],
    ['390 × 844', phone],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`reports no violations at ${name} (${colorScheme}): loaded, streaming, settled with actions`, async () => {
        const page = await open(viewport, { tokens: 2000, rate: 400, statusEvery: 25 }, colorScheme);
        expect(await audit(page)).toEqual([]);
        await sendPrompt(page);
        await expect.poll(async () => (await answerSnapshot(page))?.text.length ?? 0).toBeGreaterThan(200);
        expect(await audit(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await waitForSettled(page);
        expect(await audit(page)).toEqual([]);
        if (viewport === phone) {
          await page.getByRole('button', { name: 'Controls and metrics' }).click();
          expect(await audit(page)).toEqual([]);
        }
        await page.context().close();
      });
    }
  }
});
