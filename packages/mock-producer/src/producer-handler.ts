import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseProducerOptions } from './producer-options.js';
import type { ProducerOptions } from './producer-options.js';
import { serveStream } from './serve-stream.js';
import { createStreamHistory } from './stream-record.js';
import type { ProducerStats, StreamRecord } from './stream-record.js';

export interface ProducerHandlerOptions {
  /**
   * Path prefix the routes live under: `${base}/stream` and `${base}/stats`.
   * @defaultValue `''`
   * @example `base: '/api'`
   */
  base?: string;
  /**
   * One line per finished stream (format, tokens, bytes, blocked ms, disconnected?). `true`
   * writes to stdout, `false` is silent, a function receives each line.
   * @defaultValue `true`
   * @example `log: (line) => lines.push(line)`
   */
  log?: boolean | ((line: string) => void);
  /**
   * How many finished and running streams `/stats` keeps.
   * @defaultValue `100`
   */
  historyLimit?: number;
}

/** A Node/Connect request handler: `(request, response, next?)`. Unknown paths go to `next` or get a 404. */
export interface ProducerHandler {
  (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void): void;
  /** The same JSON `/stats` serves, for tests in the same process. */
  stats(id?: string): ProducerStats;
  clearStats(): void;
  /** Streams whose response has not closed yet. */
  activeStreams(): number;
}

const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Sluice-Stream-Id, x-vercel-ai-ui-message-stream',
};

const maximumBodyBytes = 1024 * 1024;

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...corsHeaders, 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maximumBodyBytes) {
        reject(new Error(`request body over ${maximumBodyBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown> | string> {
  const text = await readBody(request);
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'the JSON body must be an object';
    return parsed as Record<string, unknown>;
  } catch {
    return 'the body is not valid JSON';
  }
}

function lastEventIdHeader(request: IncomingMessage): string | undefined {
  const header = request.headers['last-event-id'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describe(record: StreamRecord): string {
  const ending = record.clientDisconnected
    ? 'client disconnected'
    : record.completed
      ? 'completed'
      : record.fault !== null
        ? `fault ${record.fault}`
        : 'ended';
  return (
    `[sluice-producer] ${record.id} ${record.format}: ${record.tokensWritten}/${record.options.tokens} tokens, ` +
    `${formatBytes(record.bytesWritten)}, blocked on drain ${Math.round(record.blockedOnDrainMs)} ms ` +
    `(${record.drainWaits} waits), ${ending}${record.resumedAfter === null ? '' : `, a replay after event ${record.resumedAfter}`}`
  );
}

/**
 * The producer's routes as one handler, shared by {@link createProducerServer} and the Vite
 * plugin: `GET|POST /stream`, `GET|DELETE /stats`, and CORS preflight for both.
 *
 * @example
 * ```ts
 * const handler = createProducerHandler({ base: '/api', log: false });
 * http.createServer(handler).listen(8787);
 * ```
 */
export function createProducerHandler(handlerOptions: ProducerHandlerOptions = {}): ProducerHandler {
  const base = (handlerOptions.base ?? '').replace(/\/+$/u, '');
  const history = createStreamHistory(handlerOptions.historyLimit ?? 100);
  const log = handlerOptions.log ?? true;
  const writeLine = typeof log === 'function' ? log : log ? (line: string) => process.stdout.write(`${line}\n`) : () => {};
  let streamCount = 0;
  let active = 0;

  async function startStream(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    let body: Record<string, unknown> = {};
    if (request.method === 'POST') {
      const parsed = await readJsonBody(request);
      if (typeof parsed === 'string') return send(response, 400, 'text/plain; charset=utf-8', `${parsed}\n`);
      body = parsed;
    }
    const query = Object.fromEntries(url.searchParams);
    const result = parseProducerOptions(body, query, { lastEventId: lastEventIdHeader(request) });
    if (!result.ok) return send(response, 400, 'text/plain; charset=utf-8', `${result.message}\n`);
    streamCount += 1;
    const id = query.id ?? (typeof body.id === 'string' ? body.id : `s${streamCount}`);
    await serve(response, id, result.options);
  }

  /** `GET /resume?id=…`: the stream with that id again, strictly after `Last-Event-ID`. */
  async function resumeStream(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const id = url.searchParams.get('id');
    const original = id === null ? undefined : history.latest(id);
    if (id === null || original === undefined) {
      return send(response, 404, 'text/plain; charset=utf-8', `no stream ${JSON.stringify(id)} to resume: pass the id of a stream still in /stats\n`);
    }
    const lastEventId = lastEventIdHeader(request) ?? url.searchParams.get('lastEventId') ?? undefined;
    const result = parseProducerOptions({ ...original.options, lastEventId: undefined }, { lastEventId });
    if (!result.ok) return send(response, 400, 'text/plain; charset=utf-8', `${result.message}\n`);
    await serve(response, id, result.options);
  }

  async function serve(response: ServerResponse, id: string, options: ProducerOptions): Promise<void> {
    const record: StreamRecord = {
      id,
      format: options.format,
      options,
      startedAt: Date.now(),
      endedAt: null,
      tokensWritten: 0,
      bytesWritten: 0,
      blockedOnDrainMs: 0,
      drainWaits: 0,
      clientDisconnected: false,
      disconnectedAt: null,
      tokensAfterDisconnect: 0,
      completed: false,
      fault: null,
      resumedAfter: options.lastEventId ?? null,
      lastEventId: null,
    };
    history.add(record);
    active += 1;
    await serveStream({
      response,
      options,
      record,
      headers: { ...corsHeaders, 'X-Sluice-Stream-Id': id },
      onClosed: () => {
        active -= 1;
        writeLine(describe(record));
      },
    });
  }

  function route(request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void): void {
    const url = new URL(request.url ?? '/', 'http://producer.local');
    const path = base !== '' && url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : base === '' ? url.pathname : null;
    if (path !== '/stream' && path !== '/stats' && path !== '/resume') {
      if (next) return next();
      return send(response, 404, 'text/plain; charset=utf-8', `not found: try ${base}/stream, ${base}/resume or ${base}/stats\n`);
    }
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      response.writeHead(204, {
        ...corsHeaders,
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      response.end();
      return;
    }
    if (path === '/stats') {
      if (method === 'GET') {
        const id = url.searchParams.get('id') ?? undefined;
        return send(response, 200, 'application/json', JSON.stringify(history.snapshot(id)));
      }
      if (method === 'DELETE') {
        history.clear();
        return send(response, 200, 'application/json', JSON.stringify({ streams: [] }));
      }
      return send(response, 405, 'text/plain; charset=utf-8', 'use GET or DELETE on /stats\n');
    }
    if (path === '/resume' && method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'use GET on /resume\n');
    if (method !== 'GET' && method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'use GET or POST on /stream\n');
    (path === '/resume' ? resumeStream(request, response, url) : startStream(request, response, url)).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else send(response, 400, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`);
    });
  }

  return Object.assign(route, {
    stats: (id?: string) => history.snapshot(id),
    clearStats: () => history.clear(),
    activeStreams: () => active,
  });
}
