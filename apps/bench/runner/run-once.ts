import type { StreamRecord } from '@sluice/mock-producer/server';
import type { Browser } from 'playwright-core';
import type { PageResult, RunParameters } from '../page/src/bench-protocol';
import { toQuery } from '../page/src/bench-protocol';
import type { BenchServers } from './bench-servers';
import { startPageMetricsSampler } from './page-metrics-sampler';
import type { PageMetricsSummary } from './page-metrics-sampler';
import type { ContenderEntry, Scenario } from './scenarios';

export type RunStatus = 'ok' | 'timed out' | 'failed';

/** Everything one run produced, page side and producer side. */
export interface RunRecord {
  status: RunStatus;
  /** Why the run failed or timed out. */
  message: string | null;
  page: PageResult | null;
  metrics: PageMetricsSummary | null;
  producer: StreamRecord[];
}

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
    const records = servers.producer.stats().streams.filter((record) => record.id.startsWith(`${runId}-`));
    const settled = records.length >= streams && records.every((record) => record.endedAt !== null);
    if (settled || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
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
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(`${servers.pageUrl}?${toQuery(parameters)}`, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    const sampler = await startPageMetricsSampler(cdp);
    await page.evaluate(() => window.__bench?.start());
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
    const metrics = await sampler.stop();
    const producer = await settledProducerRecords(servers, runId, parameters.streams);
    if (result?.error) {
      status = 'failed';
      message = result.error;
    } else if (pageErrors.length > 0 && status === 'ok') {
      status = 'failed';
      message = pageErrors[0] ?? 'page error';
    }
    return { status, message, page: result, metrics, producer };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message.split('\n')[0] ?? 'error' : String(error), page: null, metrics: null, producer: [] };
  } finally {
    // A frozen renderer may never answer; do not let closing it hang the whole benchmark.
    await withTimeout(context.close(), 10_000, 'closing the context').catch(() => undefined);
  }
}
