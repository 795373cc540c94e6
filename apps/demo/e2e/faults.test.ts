import { expectedText } from '@sluice/mock-producer';
import { describe, expect, it } from 'vitest';
import { answerSnapshot, lastAnswerRow, openDemo, producerRecord, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const seed = 13;
const tokens = 2000;
const faultAfter = 120;
/**
 * Faults strike mid-stream, after text has reached the page. At an unlimited rate a drop can
 * come within a millisecond of the headers, and Chromium then fails the fetch before the page
 * has read a byte: there is no "text received before it" to keep.
 */
const rate = 600;

const browser = setUpBrowser();

interface FaultCase {
  name: string;
  settings: Record<string, string | number>;
  kind: string;
  /** Whether text arrives before the fault (all but an HTTP error). */
  keepsText: boolean;
}

const cases: FaultCase[] = [
  { name: 'HTTP 500', settings: { fault: 'httpStatus' }, kind: 'http', keepsText: false },
  { name: 'an error event', settings: { fault: 'errorAfter', faultAfter }, kind: 'server', keepsText: true },
  { name: 'a stall with an idle timeout', settings: { fault: 'stallAfter', faultAfter, idleTimeoutMs: 800 }, kind: 'timeout', keepsText: true },
  { name: 'a dropped connection (sse)', settings: { fault: 'dropAfter', faultAfter }, kind: 'network|incomplete', keepsText: true },
  { name: 'a dropped connection (openai)', settings: { fault: 'dropAfter', faultAfter, format: 'openai' }, kind: 'network|incomplete', keepsText: true },
  { name: 'an error event (anthropic)', settings: { fault: 'errorAfter', faultAfter, format: 'anthropic' }, kind: 'server', keepsText: true },
  { name: 'a malformed event (ndjson)', settings: { fault: 'malformedEvery', faultAfter, format: 'ndjson' }, kind: 'protocol', keepsText: true },
  { name: 'a malformed event (sse, invalid UTF-8)', settings: { fault: 'malformedEvery', faultAfter, format: 'sse' }, kind: 'protocol', keepsText: true },
  { name: 'a malformed event (openai)', settings: { fault: 'malformedEvery', faultAfter, format: 'openai' }, kind: 'protocol', keepsText: true },
];

describe('every fault ends in a clear error and keeps the text received before it', () => {
  it.each(cases)('$name', async ({ settings, kind, keepsText }) => {
    const page = await openDemo(browser(), { tokens, seed, rate, statusEvery: 0, ...settings });
    const id = await sendPrompt(page);
    const final = await waitForSettled(page);

    expect(final.phase).toBe('error');
    expect(final.error?.kind).toMatch(new RegExp(`^(${kind})$`, 'u'));
    const message = final.error?.message ?? '';
    expect(message.length).toBeGreaterThan(0);

    // The UI says so twice: in the answer row and in the status line.
    const row = lastAnswerRow(page);
    await expect.poll(() => row.getAttribute('data-phase')).toBe('error');
    expect(await row.getAttribute('aria-busy')).not.toBe('true');
    expect(await row.locator('.sluice-error').textContent()).toBe(message);
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Error: ${message}`);

    const complete = expectedText({ seed, tokens });
    if (keepsText) {
      expect(final.text.length).toBeGreaterThan(0);
      expect(complete.startsWith(final.text)).toBe(true);
      expect(final.text.length).toBeLessThan(complete.length);
    } else {
      expect(final.text).toBe('');
    }
    // The connection is released either way (the stall is cut by the client's timeout).
    await expect.poll(async () => (await producerRecord(id))?.endedAt ?? null).not.toBeNull();
    expect((await answerSnapshot(page))?.phase).toBe('error');
    await page.close();
  });
});
