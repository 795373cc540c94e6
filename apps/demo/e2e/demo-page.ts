import type { StreamMetrics } from '@sluice/core';
import type { StreamRecord } from '@sluice/mock-producer';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { chromiumArgs, chromiumExecutablePath } from '../../../.ci/chromium.mjs';

export function demoUrl(): string {
  return inject('demoUrl');
}

/**
 * One headless Chromium for the test file: launched before its first test and closed after its
 * last. Call it at the top level of the file; the returned function gives the running browser.
 */
export function setUpBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('the browser is only running inside this file\'s tests');
    return browser;
  };
}

/** Opens the demo with settings in the query string (see demo-settings.ts) and waits for the transcript. */
export async function openDemo(
  browser: Browser,
  settings: Record<string, string | number> = {},
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<Page> {
  // A context of its own, so a test can open a second tab in it (the hidden-tab test does).
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await beforeLoad?.(page);
  const query = new URLSearchParams(Object.entries(settings).map(([name, value]) => [name, String(value)]));
  await page.goto(`${demoUrl()}?${query.toString()}`);
  await page.getByRole('log', { name: 'Conversation' }).locator('.sluice-message').first().waitFor();
  return page;
}

/** Types a prompt, presses Send, and returns the request id the producer files the stream under. */
export async function sendPrompt(page: Page, prompt = 'Tell me about backpressure'): Promise<string> {
  const chat = page.getByRole('region', { name: 'Chat' });
  const previousId = await chat.getAttribute('data-stream-id');
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => chat.getAttribute('data-stream-id')).not.toBe(previousId);
  const id = await chat.getAttribute('data-stream-id');
  if (id === null) throw new Error('the chat exposes no data-stream-id after Send');
  return id;
}

/** The streaming (or last) assistant row. */
export function lastAnswerRow(page: Page) {
  return page.locator('.sluice-message[data-role="assistant"]').last();
}

export interface AnswerSnapshot {
  text: string;
  phase: string;
  error: { kind: string; message: string } | null;
  metrics: StreamMetrics;
}

/** The exact snapshot of the latest answer, through the demo's read-only test handle. */
export async function answerSnapshot(page: Page): Promise<AnswerSnapshot | null> {
  return page.evaluate(() => {
    const snapshot = window.sluiceDemo?.answerSnapshot() ?? null;
    if (snapshot === null) return null;
    const { text, phase, error, metrics } = snapshot;
    return { text, phase, error: error === null ? null : { kind: error.kind, message: error.message }, metrics };
  });
}

export async function waitForSettled(page: Page, timeout = 60_000): Promise<AnswerSnapshot> {
  await expect
    .poll(async () => (await answerSnapshot(page))?.phase, { timeout, interval: 100 })
    .toMatch(/^(done|error|aborted)$/);
  const snapshot = await answerSnapshot(page);
  if (snapshot === null) throw new Error('no answer snapshot after settling');
  return snapshot;
}

/** What the producer recorded for one stream, from the same /api/stats the demo polls. */
export async function producerRecord(id: string): Promise<StreamRecord | undefined> {
  const response = await fetch(new URL(`api/stats?id=${encodeURIComponent(id)}`, demoUrl()));
  const stats = (await response.json()) as { streams: StreamRecord[] };
  return stats.streams.at(-1);
}

/**
 * Clicks a button inside the page and returns when, in epoch ms: `Date.now()` (the system clock
 * the producer's `disconnectedAt` uses too) and `performance.timeOrigin + performance.now()`
 * (which can drift from the system clock by a few ms in Chromium).
 */
export async function clickAndTime(page: Page, buttonName: string): Promise<{ dateNow: number; performanceNow: number }> {
  return page.evaluate((name) => {
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
    if (button === undefined) throw new Error(`no button named ${name}`);
    const performanceNow = performance.timeOrigin + performance.now();
    const dateNow = Date.now();
    button.click();
    return { dateNow, performanceNow };
  }, buttonName);
}

/** Samples the answer row's text every 50 ms for `durationMs`; the distinct values seen. */
export async function sampleAnswerText(page: Page, durationMs = 500): Promise<string[]> {
  return page.evaluate(async (duration) => {
    const seen = new Set<string>();
    const rows = document.querySelectorAll('.sluice-message[data-role="assistant"]');
    const row = rows[rows.length - 1];
    const until = performance.now() + duration;
    while (performance.now() < until) {
      seen.add(`${row?.textContent ?? ''}|${window.sluiceDemo?.answerSnapshot()?.text ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [...seen];
  }, durationMs);
}

/** Text without whitespace and code fences: what the DOM must show of `text`, however it is split into blocks. */
export function visibleCharacters(text: string): string {
  return text.replace(/^ {0,3}(`{3,}|~{3,}).*$/gmu, '').replace(/\s+/gu, '');
}
