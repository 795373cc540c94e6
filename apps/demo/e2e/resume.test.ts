import { expectedText } from '@sluice/mock-producer';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoUrl, openDemo, sendPrompt, setUpBrowser, waitForSettled } from './demo-page';

const seed = 21;
const tokens = 1500;
const faultAfter = 300;
/** Slow enough that the drop comes mid-answer, after text is on screen. */
const rate = 600;

interface ReplayRecord {
  tokensWritten: number;
  resumedAfter: string | null;
  lastEventId: string | null;
  completed: boolean;
}

const browser = setUpBrowser();

/** Records every `data-phase` the status line takes, in order, from before the prompt is sent. */
async function recordStatusPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { statusPhases: string[] }).statusPhases = seen;
    const note = (element: Element) => {
      const phase = element.getAttribute('data-phase');
      if (phase !== null && seen.at(-1) !== phase) seen.push(phase);
    };
    document.querySelectorAll('.sluice-status').forEach(note);
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target instanceof Element && record.target.classList.contains('sluice-status')) note(record.target);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}

async function statusPhases(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { statusPhases: string[] }).statusPhases);
}

async function producerStats(id: string): Promise<{ streams: ReplayRecord[]; replays: number }> {
  const response = await fetch(new URL(`api/stats?id=${encodeURIComponent(id)}`, demoUrl()));
  return (await response.json()) as { streams: ReplayRecord[]; replays: number };
}

describe('a dropped answer resumes', () => {
  it.each(['sse', 'ai-sdk'] as const)('%s: reconnecting shows, the text is the uncut answer, each drop is one replay and no token is sent twice', async (format) => {
    const page = await openDemo(browser(), { tokens, seed, rate, statusEvery: 0, format, fault: 'dropAndResume', faultAfter });
    await recordStatusPhases(page);
    const id = await sendPrompt(page);
    const final = await waitForSettled(page);

    expect(final.error).toBeNull();
    expect(final.phase).toBe('done');
    expect(final.text).toBe(expectedText({ seed, tokens, format }));

    const phases = await statusPhases(page);
    const reconnectingAt = phases.indexOf('reconnecting');
    expect(reconnectingAt).toBeGreaterThan(phases.indexOf('streaming'));
    expect(phases.at(-1)).toBe('done');
    // Every reconnecting is followed by the resumed stream.
    phases.forEach((phase, index) => {
      if (phase === 'reconnecting') expect(phases[index + 1]).toBe('streaming');
    });
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Done');

    const stats = await producerStats(id);
    const reconnects = (await page.evaluate(() => window.sluiceDemo?.answerSnapshot()?.metrics.reconnects)) ?? 0;
    expect(stats.replays).toBe(phases.filter((phase) => phase === 'reconnecting').length);
    expect(stats.replays).toBe(reconnects);
    expect(stats.streams.at(-1)?.completed).toBe(true);
    // Each replay starts right after the last event the page received, which is the last event
    // the cut stream wrote unless Chromium errored the body with bytes still queued (they are
    // then lost to the page, the replay sends them again, and the cut fires once more).
    if (stats.replays === 1) {
      const [original, replay] = stats.streams as [ReplayRecord, ReplayRecord];
      expect(original.completed).toBe(false);
      expect(replay.resumedAfter).toBe(original.lastEventId);
      expect(original.tokensWritten + replay.tokensWritten).toBe(tokens);
    }
    for (let index = 1; index < stats.streams.length; index += 1) {
      const resumedAfter = Number(stats.streams[index]?.resumedAfter);
      expect(resumedAfter).toBeLessThanOrEqual(Number(stats.streams[index - 1]?.lastEventId));
    }
    await page.close();
  });
});
