import { describe, expect, it } from 'vitest';
import { lastAnswerRow, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const browser = setUpBrowser();

describe('an AI SDK answer with reasoning, a tool call and sources', () => {
  it('shows the reasoning open while it streams and closed after, the tool card with its output, the sources and the markdown answer', async () => {
    // Slow enough that the reasoning streams for a couple of seconds: the test looks at it mid-stream.
    const page = await openDemo(browser(), { format: 'ai-sdk', tokens: 120, seed: 5, rate: 40, reasoning: 80, toolCalls: 1, sources: 2, statusEvery: 0, markdown: 'true' });
    const id = await sendPrompt(page, 'What is the weather?');
    const row = lastAnswerRow(page);
    const reasoning = row.locator('details.sluice-reasoning');

    // While the model thinks: the region is open, labelled "Thinking…", and the row is busy.
    await reasoning.waitFor();
    await expect.poll(() => reasoning.locator('summary').textContent()).toBe('Thinking…');
    expect(await reasoning.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    expect(await row.getAttribute('aria-busy')).toBe('true');

    const final = await waitForSettled(page);
    expect(final.phase).toBe('done');
    expect(final.error).toBeNull();

    // Settled: the reasoning is closed and says how long it took.
    await expect.poll(() => reasoning.locator('summary').textContent()).toMatch(/^Thought for \d+ s$/);
    expect(await reasoning.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(await row.getAttribute('aria-busy')).toBeNull();

    const card = row.locator('.sluice-tool');
    expect(await card.count()).toBe(1);
    expect(await card.locator('.sluice-tool-name').textContent()).toBe('get_weather');
    expect(await card.locator('.sluice-tool-badge').textContent()).toBe('Done');
    expect(await card.getAttribute('data-part-state')).toBe('output-available');
    // The streamed JSON input, pretty-printed once complete.
    const input = (await card.locator('.sluice-tool-input').textContent()) ?? '';
    expect(() => JSON.parse(input) as unknown).not.toThrow();
    expect(input).toContain('\n  "');
    expect((await card.locator('.sluice-tool-output').textContent())?.length ?? 0).toBeGreaterThan(0);

    const links = row.locator('.sluice-sources a');
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('href')).toMatch(/^https:\/\/example\.com\/sluice\/source-\d+$/);
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');

    // Parts in arrival order: reasoning, text, tool, text; the answer's text is on screen.
    const order = await row.locator('.sluice-part').evaluateAll((elements) => elements.map((element) => element.className.split(' ')[1]));
    expect(order.indexOf('sluice-reasoning')).toBe(0);
    expect(order.indexOf('sluice-tool')).toBeGreaterThan(order.indexOf('sluice-part--text'));
    expect(order.lastIndexOf('sluice-part--text')).toBeGreaterThan(order.indexOf('sluice-tool'));
    const firstWords = final.text.trim().split(/\s+/u).slice(0, 3).join(' ');
    expect(((await row.textContent()) ?? '').replace(/\s+/gu, ' ')).toContain(firstWords);
    // Rendered as markdown: the answer's fenced code is a code element with its language, and no fence is shown.
    // (A block past a commit's render budget shows as plain text for a few frames first.)
    await expect.poll(() => row.locator('[data-sluice-pending]').count()).toBe(0);
    expect(final.text).toContain('```ts');
    expect(await row.locator('.sluice-part--text pre code.language-ts').count()).toBeGreaterThan(0);
    expect(await row.locator('.sluice-part--text').first().textContent()).not.toContain('```');

    const record = await producerRecord(id);
    expect(record).toMatchObject({ id, format: 'ai-sdk', completed: true });
    await page.close();
  });

  it('shows a failed tool call as an error card', async () => {
    const page = await openDemo(browser(), { format: 'ai-sdk', tokens: 40, seed: 2, rate: 0, toolCalls: 2, toolError: 'true', statusEvery: 0 });
    await sendPrompt(page, 'Book it');
    expect((await waitForSettled(page)).phase).toBe('done');
    const cards = lastAnswerRow(page).locator('.sluice-tool');
    await expect.poll(() => cards.count()).toBe(2);
    for (const card of await cards.all()) {
      expect(await card.getAttribute('data-part-state')).toBe('output-error');
      expect(await card.locator('.sluice-tool-badge').textContent()).toBe('Error');
      expect((await card.locator('.sluice-tool-error').textContent())?.length ?? 0).toBeGreaterThan(0);
    }
    await page.close();
  });
});
