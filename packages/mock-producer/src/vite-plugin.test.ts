import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { readWire } from './test-support/read-wire.js';
import { expectedText } from './expected-message.js';
import { sluiceProducer } from './vite-plugin.js';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

const plugin = sluiceProducer({ log: false });
const middlewares: Middleware[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  // A minimal stand-in for Vite's dev server: only `middlewares.use` is touched.
  const fakeViteServer = { middlewares: { use: (middleware: Middleware) => middlewares.push(middleware) } };
  (plugin.configureServer as (server: unknown) => void)(fakeViteServer);
  server = createServer((request, response) => {
    const run = (index: number) => {
      const middleware = middlewares[index];
      if (!middleware) {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('fell through to the app');
        return;
      }
      middleware(request, response, () => run(index + 1));
    };
    run(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('is a named Vite plugin with both server hooks', () => {
  expect(plugin.name).toBe('sluice-producer');
  expect(typeof plugin.configureServer).toBe('function');
  expect(typeof plugin.configurePreviewServer).toBe('function');
  expect(middlewares).toHaveLength(1);
});

it('serves /api/stream and /api/stats through the middleware', async () => {
  const response = await fetch(`${baseUrl}/api/stream?format=openai&tokens=300&seed=2&id=vite-1`);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/u);
  const reading = readWire('openai', new Uint8Array(await response.arrayBuffer()));
  expect(reading.text).toBe(expectedText({ seed: 2, tokens: 300 }));
  await vi.waitFor(() => expect(plugin.handler.stats('vite-1').streams[0]?.completed).toBe(true));
  const stats = (await (await fetch(`${baseUrl}/api/stats?id=vite-1`)).json()) as { streams: Array<{ tokensWritten: number }> };
  expect(stats.streams.map((stream) => stream.tokensWritten)).toEqual([300]);
});

it('passes every other path to the next middleware', async () => {
  for (const path of ['/', '/stream', '/api', '/api/other', '/apistream']) {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('fell through to the app');
  }
});

it('mounts the same handler on the preview server', () => {
  const used: unknown[] = [];
  (plugin.configurePreviewServer as (server: unknown) => void)({ middlewares: { use: (middleware: unknown) => used.push(middleware) } });
  expect(used).toEqual([plugin.handler]);
});

it('honours a custom base', async () => {
  const custom = sluiceProducer({ base: '/mock/', log: false });
  const used: Middleware[] = [];
  (custom.configureServer as (server: unknown) => void)({ middlewares: { use: (middleware: Middleware) => used.push(middleware) } });
  const other = createServer((request, response) => used[0]?.(request, response, () => response.end('next')));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  expect(readWire('ndjson', new Uint8Array(await (await fetch(`${url}/mock/stream?format=ndjson&tokens=3`)).arrayBuffer())).tokens).toBe(3);
  expect(await (await fetch(`${url}/api/stream`)).text()).toBe('next');
  other.closeAllConnections();
  await new Promise((resolve) => other.close(resolve));
});
