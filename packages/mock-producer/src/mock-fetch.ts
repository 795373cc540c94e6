import { createEncoder } from './encoders/create-encoder.js';
import { parseProducerOptions } from './producer-options.js';
import type { ProducerFault, ProducerOptions, ProducerOptionsInput, WireFormat } from './producer-options.js';
import { driveSteps } from './step-driver.js';
import type { StepSink } from './step-driver.js';
import { createWireSteps } from './wire-steps.js';

/** What `mockFetch` generated for one request. Live: counters move while the body is read. */
export interface MockStreamRecord {
  /** The request URL as given. */
  url: string;
  format: WireFormat;
  options: ProducerOptions;
  /** Tokens generated so far; generation happens only when the reader pulls. */
  tokensGenerated: number;
  bytesGenerated: number;
  /** The reader cancelled the body. */
  cancelled: boolean;
  /** The request's signal aborted. */
  aborted: boolean;
  /** The body ended with the format's terminal marker. */
  completed: boolean;
  fault: ProducerFault | null;
  /** The body is finished (closed, errored, cancelled or aborted). */
  ended: boolean;
  /** The `Last-Event-ID` the request resumed after, or null. */
  resumedAfter: number | null;
}

export interface MockFetchOptions extends ProducerOptionsInput {
  /** Called once per request when its body ends for any reason. */
  onStreamEnd?: (record: MockStreamRecord) => void;
}

/** A `fetch` stand-in plus its records. */
export interface MockFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Every request so far, most recent last. */
  stats(): { streams: MockStreamRecord[] };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function bodyOptions(body: unknown): Record<string, unknown> | string {
  if (typeof body !== 'string' || body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return 'the body is not valid JSON';
  }
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * A `fetch` that never touches the network: it answers every request with the mock producer's
 * stream, generated lazily in the body's `pull`, so a slow reader holds generation back and
 * an abort or `cancel()` stops it at once. Options come from `defaults`, then a JSON string
 * body, then the URL's query string. Browser-safe.
 *
 * @example
 * ```ts
 * const fetch = mockFetch({ format: 'openai', tokens: 200, rate: 100 });
 * const stream = createTokenStream({ url: '/chat?seed=3', fetch, protocol: openai() });
 * ```
 */
export function mockFetch(defaults: MockFetchOptions = {}): MockFetch {
  const { onStreamEnd, ...defaultOptions } = defaults;
  const streams: MockStreamRecord[] = [];

  async function fetchMock(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const signal = init.signal ?? (input instanceof Request ? input.signal : undefined) ?? new AbortController().signal;
    if (signal.aborted) throw abortError(signal);
    const url = requestUrl(input);
    const query = Object.fromEntries(new URL(url, 'http://mock-producer.invalid').searchParams);
    const body = bodyOptions(init.body);
    if (typeof body === 'string') return textResponse(400, `${body}\n`);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    const result = parseProducerOptions(defaultOptions, body, query, { lastEventId: headers.get('last-event-id') });
    if (!result.ok) return textResponse(400, `${result.message}\n`);
    const options = result.options;
    const record: MockStreamRecord = {
      url,
      format: options.format,
      options,
      tokensGenerated: 0,
      bytesGenerated: 0,
      cancelled: false,
      aborted: false,
      completed: false,
      fault: null,
      ended: false,
      resumedAfter: options.lastEventId ?? null,
    };
    streams.push(record);
    const end = () => {
      if (record.ended) return;
      record.ended = true;
      onStreamEnd?.(record);
    };

    if (options.httpStatus !== undefined) {
      record.fault = 'httpStatus';
      end();
      return textResponse(options.httpStatus, `mock producer: HTTP ${options.httpStatus} (httpStatus fault)\n`);
    }

    const stop = new AbortController();
    let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
    // The pending read (a pull waits until the driver has written or ended) and a driver waiting for one.
    let settlePull: (() => void) | null = null;
    let wakeDriver: (() => void) | null = null;
    const releasePull = () => {
      const settle = settlePull;
      settlePull = null;
      settle?.();
    };
    const onAbort = () => {
      record.aborted = true;
      stop.abort();
      streamController?.error(abortError(signal));
      end();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      signal.removeEventListener('abort', onAbort);
      end();
    };

    const sink: StepSink = {
      ready(stopSignal) {
        if (settlePull !== null || stopSignal.aborted) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const wake = () => {
            stopSignal.removeEventListener('abort', wake);
            wakeDriver = null;
            resolve();
          };
          wakeDriver = wake;
          stopSignal.addEventListener('abort', wake, { once: true });
        });
      },
      write(chunk) {
        streamController?.enqueue(chunk);
        releasePull();
      },
      end() {
        streamController?.close();
        releasePull();
        finish();
      },
      drop() {
        // What fetch reports when a connection resets mid-body.
        streamController?.error(new TypeError('network error: connection dropped by the mock producer (dropAfter)'));
        releasePull();
        finish();
      },
    };

    const responseBody = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          streamController = controller;
        },
        pull() {
          // Settles once the driver has enqueued or ended; a stall never settles it.
          return new Promise<void>((resolve) => {
            settlePull = resolve;
            wakeDriver?.();
          });
        },
        cancel() {
          record.cancelled = true;
          stop.abort();
          finish();
        },
      },
      // Zero: generate only for a pending read, never ahead of the reader.
      { highWaterMark: 0 },
    );
    void driveSteps({
      steps: createWireSteps(options),
      rate: options.rate,
      signal: stop.signal,
      sink,
      onStep(step) {
        record.tokensGenerated += step.tokens;
        record.bytesGenerated += step.chunk.length;
        if (step.then !== 'continue') {
          record.fault = step.fault;
          record.completed = step.then === 'done';
        }
      },
    });
    return new Response(responseBody, { status: 200, headers: createEncoder(options.format).headers });
  }

  return Object.assign(fetchMock, { stats: () => ({ streams: [...streams] }) });
}
