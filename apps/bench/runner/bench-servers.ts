import { createProducerServer } from '@sluice/mock-producer/server';
import type { ProducerServer } from '@sluice/mock-producer/server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import type { Scenario } from './scenarios';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export interface BenchServers {
  pageUrl: string;
  producerUrl: string;
  producer: ProducerServer;
  close(): Promise<void>;
}

/**
 * Builds the page for production, serves it with `vite preview` and starts the mock producer,
 * both on 127.0.0.1 with free ports. The page fetches the producer cross-origin (it sends CORS).
 */
export async function startBenchServers(): Promise<BenchServers> {
  await build({ configFile, logLevel: 'warn' });
  const pageServer: PreviewServer = await preview({ configFile, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const address = pageServer.httpServer.address() as AddressInfo;
  const producer = createProducerServer({ log: false, historyLimit: 1000 });
  const { url: producerUrl } = await producer.listen(0, '127.0.0.1');
  return {
    pageUrl: `http://127.0.0.1:${address.port}/`,
    producerUrl,
    producer,
    async close() {
      await producer.close();
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
