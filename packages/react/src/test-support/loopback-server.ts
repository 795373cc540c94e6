/**
 * A real HTTP server on 127.0.0.1 for tests that stream into hooks and components.
 *
 * Every response carries `Access-Control-Allow-Origin: *` and `Cache-Control: no-store`, and
 * CORS preflights are answered, because happy-dom's fetch enforces the same-origin policy
 * (the test page's origin is not the server's) and keeps an HTTP cache.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw, and what became of its connection. */
export interface SeenRequest {
  method: string;
  path: string;
  /** The request body as text. */
  body: string;
  /** True once the response has been closed, by either side. */
  closed: boolean;
  /** True when the client went away before the response was finished (abort, unmount). */
  closedByClient: boolean;
  /** Resolves when the response closes, by either side. */
  whenClosed: Promise<void>;
}

export type LoopbackHandler = (request: IncomingMessage, response: ServerResponse, seen: SeenRequest) => void | Promise<void>;

export interface LoopbackServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every non-preflight request, in arrival order. */
  requests: SeenRequest[];
  /** Requests whose response is still open. */
  openRequests: () => SeenRequest[];
  close: () => Promise<void>;
}

export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '*',
      });
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let markClosed = () => {};
      const seen: SeenRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        body: Buffer.concat(chunks).toString('utf8'),
        closed: false,
        closedByClient: false,
        whenClosed: new Promise<void>((resolve) => {
          markClosed = resolve;
        }),
      };
      response.on('close', () => {
        seen.closed = true;
        seen.closedByClient = !response.writableFinished;
        markClosed();
      });
      requests.push(seen);
      void Promise.resolve(handler(request, response, seen)).catch((error: unknown) => {
        // A write after the client left is expected in abort tests; anything else is a bug in the test.
        if (!seen.closed) response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openRequests: () => requests.filter((seen) => !seen.closed),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a chunk and waits for the socket to drain when Node says its buffer is full. */
export async function write(response: ServerResponse, chunk: string): Promise<void> {
  if (response.destroyed) throw new Error('client closed the connection');
  if (response.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      response.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      response.off('drain', onDrain);
      reject(new Error('client closed the connection'));
    };
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}
