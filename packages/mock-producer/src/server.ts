import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProducerHandler } from './producer-handler.js';
import type { ProducerHandler, ProducerHandlerOptions } from './producer-handler.js';

export type { ProducerHandler, ProducerHandlerOptions } from './producer-handler.js';
export { createProducerHandler } from './producer-handler.js';
export type { ProducerStats, StreamRecord } from './stream-record.js';

export interface ProducerServer {
  /** The underlying `node:http` server. */
  server: Server;
  /** The request handler, also usable in another server. */
  handler: ProducerHandler;
  /**
   * Starts listening; port `0` picks a free one.
   * @example `const { url } = await producer.listen(0); // http://127.0.0.1:41234`
   */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting connections and closes open ones (stalled streams included). */
  close(): Promise<void>;
  /** The same JSON `GET /stats` serves, optionally only the streams tagged with `id`. */
  stats(id?: string): ReturnType<ProducerHandler['stats']>;
  clearStats(): void;
}

/**
 * A standalone mock producer: `GET|POST /stream` and `GET|DELETE /stats` with CORS.
 *
 * @example
 * ```ts
 * const producer = createProducerServer({ log: false });
 * const { url } = await producer.listen(0);
 * const response = await fetch(`${url}/stream?format=ndjson&tokens=100&id=t1`);
 * await response.text();
 * producer.stats('t1').streams[0]?.completed; // true
 * await producer.close();
 * ```
 */
export function createProducerServer(options: ProducerHandlerOptions = {}): ProducerServer {
  const handler = createProducerHandler(options);
  const server = createServer(handler);
  return {
    server,
    handler,
    listen(port = 8787, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${hostInUrl}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
    stats: (id) => handler.stats(id),
    clearStats: () => handler.clearStats(),
  };
}
