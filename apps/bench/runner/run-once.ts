import type { StreamRecord } from '@sluice/mock-producer/server';
import type { Browser, Page } from 'playwright-core';
import type { InputSample, PageResult, RunParameters, RunProgress } from '../page/src/bench-protocol';
import { toQuery } from '../page/src/bench-protocol';
import type { BenchServers } from './bench-servers';
import { startKeyPresses } from './key-presser';
import type { KeyPresser } from './key-presser';
import { startPageMetricsSampler } from './page-metrics-sampler';
import type { PageMetricsSummary } from './page-metrics-sampler';
import type { ContenderEntry, Scenario } from './scenarios';

export type RunStatus = 'ok' | 'timed out' | 'failed';

/** A key is pressed in the page's text field this often while the stream runs. */
export const keyPressIntervalMs = 100;

/** The key presses of one run: how many were sent and answered, and what the page timed. */
export interface InputRecord {
  sent: number;
  acknowledged: number;
  /** Every press the page handled, including any before start or after the run (the figures keep those inside it). */
  samples: InputSample[];
}

/** Markdown scenarios: elements of each kind the contender left in the page at the end. */
export interface MarkupCounts {
  headings: number;
  tables: number;
  codeBlocks: number;
  listItems: number;
  checkboxes: number;
  quotes: number;
  links: number;
}

/** Everything one run produced, page side and producer side. */
export interface RunRecord {
  status: RunStatus;
  /** Why the run failed or timed out. */
  message: string | null;
  page: PageResult | null;
  metrics: PageMetricsSummary | null;
  producer: StreamRecord[];
  input: InputRecord | null;
  /** Markdown scenarios only (and only for a run that finished). */
  markup?: MarkupCounts | null;
}

/** What each count of `MarkupCounts` counts inside the page's React root. */
const markupSelectors: Record<keyof MarkupCounts, string> = {
  headings: 'h1, h2, h3',
  tables: 'table',
  codeBlocks: 'pre code',
  listItems: 'li',
  checkboxes: 'input[type="checkbox"]',
  quotes: 'blockquote',
  // Streamdown's default link safety renders a link as a button that opens a confirmation.
  links: 'a[href], button[data-streamdown="link"]',
};

// Inline arrows only: tsx names declared functions with a helper that does not exist in the page.
const countMarkup = (page: Page): Promise<MarkupCounts> =>
  page.evaluate(
    (selectors) => Object.fromEntries(Object.entries(selectors).map(([kind, selector]) => [kind, document.querySelectorAll(`#root :is(${selector})`).length])) as unknown as MarkupCounts,
    markupSelectors,
  );

let runCounter = 0;

function withTimeout<Value>(promise: Promise<Value>, ms: number, what: string): Promise<Value> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Waits until the producer has closed every stream of the run (a Stop is only proven once it has). */
async function settledProducerRecords(servers: BenchServers, runId: string, streams: number): Promise<StreamRecord[]> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const records = (await servers.producerStats()).streams.filter((record) => record.id.startsWith(`${runId}-`));
    const settled = records.length >= streams && records.every((record) => record.endedAt !== null);
    if (settled || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits (briefly) for the next paint of every handled press, then reads what the page timed. */
async function readInputSamples(page: Page, presses: { sent: number; acknowledged: number }): Promise<InputRecord> {
  await page
    .waitForFunction(() => window.__bench?.inputPaintsPending === 0, undefined, { timeout: 5000, polling: 'raf' })
    .catch(() => undefined); // a sample without its paint stays null and is reported as such
  const samples = await withTimeout(page.evaluate(() => [...(window.__bench?.inputSamples ?? [])]), 10_000, 'reading the input samples');
  return { ...presses, samples };
}

/**
 * One run in a fresh browser context: load the page, wait until the contender is mounted, force
 * a GC, start, sample the heap until the page reports its result or the scenario's time runs out.
 */
export async function runOnce(browser: Browser, servers: BenchServers, scenario: Scenario, entry: ContenderEntry): Promise<RunRecord> {
  runCounter += 1;
  const runId = `${scenario.key}-${entry.contender}-${entry.format}-${runCounter}`;
  const parameters: RunParameters = {
    ...scenario.parameters,
    contender: entry.contender,
    format: entry.format,
    producer: servers.producerUrl,
    runId,
  };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  let presser: KeyPresser | null = null;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(`${servers.pageUrl}?${toQuery(parameters)}`, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    // The markdown scenarios time frames at given points of the answer: the sampler pairs CDP's
    // main-thread counters with the page's committed length and frame count.
    const readProgress = async (): Promise<RunProgress | null> => {
      const answer = await cdp.send('Runtime.evaluate', { expression: 'JSON.stringify(window.__bench?.progress ?? null)', returnByValue: true });
      return typeof answer.result.value === 'string' ? (JSON.parse(answer.result.value) as RunProgress | null) : null;
    };
    const sampler = await startPageMetricsSampler(cdp, parameters.markdownBytes > 0 ? { readProgress } : {});
    await page.focus('#bench-input');
    // Pressing starts first: the answer to evaluate() can queue behind a busy page for the whole
    // burst (measured: 1.1 s), and presses sent only after it would miss the run. Presses before
    // start() are left out by their time stamps.
    presser = startKeyPresses(cdp, keyPressIntervalMs);
    await page.evaluate(() => window.__bench?.start());
    // The regular presses may all fall before start() or, on a loaded machine, after a short run.
    presser.pressNow();
    let status: RunStatus = 'ok';
    let message: string | null = null;
    let result: PageResult | null = null;
    try {
      await withTimeout(
        page.waitForFunction(() => window.__bench?.result !== null, undefined, { timeout: scenario.timeoutMs, polling: 200 }),
        scenario.timeoutMs + 5000,
        'waiting for the result',
      );
      result = await withTimeout(page.evaluate(() => window.__bench?.result ?? null), 10_000, 'reading the result');
    } catch (error) {
      status = 'timed out';
      message = error instanceof Error ? error.message.split('\n')[0] ?? null : String(error);
    }
    const presses = await presser.stop(5000);
    const input = status === 'ok' ? await readInputSamples(page, presses) : null;
    const metrics = await sampler.stop();
    const producer = await settledProducerRecords(servers, runId, parameters.streams);
    if (result?.error) {
      status = 'failed';
      message = result.error;
    } else if (pageErrors.length > 0 && status === 'ok') {
      status = 'failed';
      message = pageErrors[0] ?? 'page error';
    }
    const markup = parameters.markdownBytes > 0 && status === 'ok' ? await withTimeout(countMarkup(page), 10_000, 'counting the markup') : undefined;
    return { status, message, page: result, metrics, producer, input, ...(markup === undefined ? {} : { markup }) };
  } catch (error) {
    return {
      status: 'failed',
      message: error instanceof Error ? error.message.split('\n')[0] ?? 'error' : String(error),
      page: null,
      metrics: null,
      producer: [],
      input: null,
    };
  } finally {
    // Idempotent: stops the interval if the run threw before its presses were collected.
    await presser?.stop(0);
    // A frozen renderer may never answer; do not let closing it hang the whole benchmark.
    await withTimeout(context.close(), 10_000, 'closing the context').catch(() => undefined);
  }
}
