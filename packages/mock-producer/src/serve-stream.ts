import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { delayUntilDue, waitFor } from './cancellable-wait.js';
import { createEncoder } from './encoders/create-encoder.js';
import type { ProducerOptions } from './producer-options.js';
import { endDrainWait, startDrainWait } from './stream-record.js';
import type { StreamRecord } from './stream-record.js';
import { createWireSteps } from './wire-steps.js';

/** Without a rate limit and with a fast reader `write()` may never return false; yield this often so `'close'` is heard. */
const yieldEveryBytes = 64 * 1024;

function waitForDrain(response: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      response.off('drain', finish);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    response.on('drain', finish);
    signal.addEventListener('abort', finish, { once: true });
  });
}

export interface ServeStreamContext {
  response: ServerResponse;
  options: ProducerOptions;
  record: StreamRecord;
  /** Extra headers (CORS, the stream id). */
  headers: Record<string, string>;
  /** Called once, when the response has closed for whatever reason. */
  onClosed: () => void;
}

/**
 * Writes one stream, step by step, honouring backpressure (waits for `'drain'`) and stopping the
 * moment the client disconnects: every wait is released by the same abort signal.
 */
export async function serveStream({ response, options, record, headers, onClosed }: ServeStreamContext): Promise<void> {
  const stop = new AbortController();
  let droppedByProducer = false;
  response.on('error', () => {
    // A reset socket surfaces here; 'close' follows and records it.
  });
  response.on('close', () => {
    if (!response.writableFinished && !droppedByProducer) {
      record.clientDisconnected = true;
      record.disconnectedAt = Date.now();
    }
    record.endedAt = Date.now();
    stop.abort();
    onClosed();
  });

  if (options.httpStatus !== undefined) {
    record.fault = 'httpStatus';
    const body = `mock producer: HTTP ${options.httpStatus} (httpStatus fault)\n`;
    response.writeHead(options.httpStatus, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    record.bytesWritten = Buffer.byteLength(body);
    response.end(body);
    return;
  }

  response.writeHead(200, { ...createEncoder(options.format).headers, ...headers });
  response.flushHeaders();

  const startedAt = performance.now();
  let tokensBefore = 0;
  let bytesSinceYield = 0;
  for (const step of createWireSteps(options)) {
    const delay = delayUntilDue(startedAt, tokensBefore, options.rate, performance.now());
    if (delay > 0) {
      bytesSinceYield = 0;
      await waitFor(delay, stop.signal);
    } else if (bytesSinceYield >= yieldEveryBytes) {
      bytesSinceYield = 0;
      await nextTurn();
    }
    if (stop.signal.aborted || response.destroyed) return;

    if (record.clientDisconnected) record.tokensAfterDisconnect += step.tokens;
    tokensBefore += step.tokens;
    record.tokensWritten += step.tokens;
    record.bytesWritten += step.chunk.length;
    bytesSinceYield += step.chunk.length;

    if (step.then === 'done' || step.then === 'error') {
      record.completed = step.then === 'done';
      record.fault = step.fault;
      response.end(step.chunk);
      return;
    }
    const flowing = step.chunk.length === 0 || response.write(step.chunk);
    if (step.then === 'drop') {
      record.fault = step.fault;
      droppedByProducer = true;
      // Flush what was written, then close without the chunked terminator: the client sees a
      // connection lost mid-answer, like a server that died.
      response.socket?.destroySoon();
      return;
    }
    if (step.then === 'stall') {
      // Keep the connection open and write nothing more; 'close' records the client leaving.
      record.fault = step.fault;
      return;
    }
    if (!flowing) {
      startDrainWait(record);
      await waitForDrain(response, stop.signal);
      endDrainWait(record);
      bytesSinceYield = 0;
    }
  }
}
