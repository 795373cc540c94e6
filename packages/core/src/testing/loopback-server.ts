/// <reference types="node" />
/**
 * The workspace's one loopback test server: a real `node:http` server on 127.0.0.1 (an
 * ephemeral port) that records every request and when its connection closes, so tests can
 * prove the client hung up. Core tests (Node) and React tests (happy-dom) both use it.
 *
 * Every response carries `Access-Control-Allow-Origin: *` and `Cache-Control: no-store`, and CORS
 * preflights are answered (and not recorded), because happy-dom's fetch enforces the
 * same-origin policy and keeps an HTTP cache.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The request body as text (read in full before the handler runs). */
  readonly body: string;
  /**
   * Resolves when the response's connection closes. `finished` is false when the client went
   * away before the whole response was written (an abort, a timeout, a cancelled reader).
   */
  readonly closed: Promise<{ finished: boolean }>;
  /** True once `closed` has resolved. */
  readonly isClosed: () => boolean;
}

export type LoopbackHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  record: RecordedRequest,
) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash: append paths as `${url}/path`. */
  readonly url: string;
  /** Every request so far (preflights aside), in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests whose response is still open. */
  openRequests(): RecordedRequest[];
  /** Resolves with the next request, or the latest one if it already arrived and was not taken yet. */
  nextRequest(): Promise<RecordedRequest>;
  /** Stops listening and destroys any connection still open. */
  close(): Promise<void>;
}

const openServers = new Set<LoopbackServer>();

function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '*',
  });
  response.end();
}

function readRequestBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-body still gets its record.
    request.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Starts the server; `handler` runs for every request. Call {@link closeLoopbackServers} in
 * `afterEach` (or `close()` the server).
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let taken = 0;
  const waiting: Array<(request: RecordedRequest) => void> = [];

  const server: Server = createServer(async (request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'OPTIONS') {
      answerPreflight(request, response);
      return;
    }
    let closed = false;
    // Listen before reading the body: a client may abort while it is being sent.
    const closedPromise = new Promise<{ finished: boolean }>((resolve) => {
      response.once('close', () => {
        closed = true;
        resolve({ finished: response.writableFinished });
      });
    });
    const body = await readRequestBody(request);
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body,
      closed: closedPromise,
      isClosed: () => closed,
    };
    requests.push(record);
    const waiter = waiting.shift();
    if (waiter) {
      taken = requests.length;
      waiter(record);
    }
    // A handler that throws must not crash the test process; the client then sees a reset.
    Promise.resolve()
      .then(() => handler(request, response, record))
      .catch(() => response.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const loopback: LoopbackServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    openRequests: () => requests.filter((record) => !record.isClosed()),
    nextRequest() {
      if (taken < requests.length) {
        const record = requests[taken] as RecordedRequest;
        taken += 1;
        return Promise.resolve(record);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      openServers.delete(loopback);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  openServers.add(loopback);
  return loopback;
}

/** Closes every server started by {@link startLoopbackServer} that is still open. */
export async function closeLoopbackServers(): Promise<void> {
  await Promise.all([...openServers].map((server) => server.close()));
}

/** Resolves after `milliseconds`; used only to space out writes, never to time an assertion. */
export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Writes `chunk` and waits for `drain` when the socket buffer is full, so the server honours
 * backpressure. Resolves false when the connection closed first.
 */
export function writeRespectingDrain(response: ServerResponse, chunk: string | Uint8Array): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onDrain = () => {
      response.off('close', onClose);
      resolve(true);
    };
    const onClose = () => {
      response.off('drain', onDrain);
      resolve(false);
    };
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}

/**
 * {@link writeRespectingDrain} that rejects when the client has gone, so a handler's write loop
 * stops there (the server then just destroys the response).
 */
export async function write(response: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (!(await writeRespectingDrain(response, chunk))) throw new Error('the client closed the connection');
}

/** Writes `chunks` one by one with `spacing` ms between them, then ends the response (unless `end` is false). */
export async function writeChunks(
  response: ServerResponse,
  chunks: ReadonlyArray<string | Uint8Array>,
  { spacing = 0, end = true }: { spacing?: number; end?: boolean } = {},
): Promise<void> {
  for (const chunk of chunks) {
    if (!(await writeRespectingDrain(response, chunk))) return;
    if (spacing > 0) await delay(spacing);
  }
  if (end && !response.destroyed) response.end();
}

/** Content-Type values of the common wire formats. */
export const contentTypes = {
  sse: 'text/event-stream; charset=utf-8',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/jsonl',
  text: 'text/plain; charset=utf-8',
} as const;

/** Sends a 200 with `contentType` at once, so the client's fetch resolves before the first chunk. */
export function startStream(response: ServerResponse, contentType: string, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': contentType,
    'cache-control': 'no-cache',
    ...extraHeaders,
  });
  response.flushHeaders();
}

/**
 * A server that answers every request with `chunks` (written with `spacing` ms between them) as
 * `contentType`. The most common test setup.
 */
export function serveChunks(
  contentType: string,
  chunks: ReadonlyArray<string | Uint8Array>,
  options: { spacing?: number; end?: boolean; headers?: Record<string, string> } = {},
): Promise<LoopbackServer> {
  return startLoopbackServer(async (_request, response) => {
    startStream(response, contentType, options.headers);
    await writeChunks(response, chunks, options);
  });
}

/** One server-sent event; without `event` it is a plain `message` (a token by default). */
export function sseEvent(data: string, event?: string): string {
  const lines = data.split('\n').map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}
