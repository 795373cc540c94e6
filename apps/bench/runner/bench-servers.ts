import type { ProducerStats } from '@sluice/mock-producer/server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import type { Scenario } from './scenarios';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export interface BenchServers {
  pageUrl: string;
  producerUrl: string;
  /** The producer's `GET /stats`: every stream it served recently, most recent last. */
  producerStats(): Promise<ProducerStats>;
  close(): Promise<void>;
}

/** Starts `producer-thread.mjs` and waits for its URL. */
function startProducerThread(): Promise<{ worker: Worker; url: string }> {
  const worker = new Worker(new URL('./producer-thread.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve({ worker, url: message.url }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the producer thread exited with code ${code} before listening`)));
  });
}

/**
 * Builds the page for production, serves it with `vite preview` and starts the mock producer in
 * a worker thread, both on 127.0.0.1 with free ports. The page fetches the producer
 * cross-origin (it sends CORS).
 */
export async function startBenchServers(): Promise<BenchServers> {
  await build({ configFile, logLevel: 'warn' });
  const pageServer: PreviewServer = await preview({ configFile, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const address = pageServer.httpServer.address() as AddressInfo;
  const { worker, url: producerUrl } = await startProducerThread();
  return {
    pageUrl: `http://127.0.0.1:${address.port}/`,
    producerUrl,
    async producerStats() {
      const response = await fetch(`${producerUrl}/stats`);
      if (!response.ok) throw new Error(`producer /stats answered HTTP ${response.status}`);
      return (await response.json()) as ProducerStats;
    },
    async close() {
      await worker.terminate();
      await pageServer.close();
    },
  };
}

/**
 * Streams one answer of the scenario's size through the producer from Node, unmeasured, so the
 * first contender does not pay for the producer's JIT warm-up (it did: the first run of each
 * scenario was up to 2× slower).
 */
export async function warmUpProducer(producerUrl: string, scenario: Scenario): Promise<void> {
  const tokens = Math.min(scenario.parameters.tokens, 200_000);
  for (const format of new Set(scenario.contenders.map((entry) => entry.format))) {
    const search = new URLSearchParams({ format, tokens: String(tokens), rate: '0', burst: String(scenario.parameters.burst), id: `warm-up-${scenario.key}` });
    const response = await fetch(`${producerUrl}/stream?${search}`);
    await response.arrayBuffer();
  }
}
