import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createEncoder } from './encoders/create-encoder.js';
import type { ProducerOptions } from './producer-options.js';
import { driveSteps } from './step-driver.js';
import type { StepSink } from './step-driver.js';
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

/** A Node response as a step sink: ready again after `'drain'` when `write()` returned false. */
function createResponseSink(response: ServerResponse, record: StreamRecord, stop: AbortController, onDrop: () => void): StepSink {
  let flowing = true;
  let bytesSinceYield = 0;
  return {
    async ready(signal) {
      // 'close' may follow a destroyed socket a turn later; write nothing into it meanwhile.
      if (response.destroyed) stop.abort();
      if (!flowing) {
        startDrainWait(record);
        await waitForDrain(response, signal);
        endDrainWait(record);
        flowing = true;
        bytesSinceYield = 0;
      } else if (bytesSinceYield >= yieldEveryBytes) {
        bytesSinceYield = 0;
        await nextTurn();
      }
      if (response.destroyed) stop.abort();
    },
    write(chunk) {
      bytesSinceYield += chunk.length;
      flowing = response.write(chunk);
    },
    end() {
      response.end();
    },
    drop() {
      onDrop();
      // Flush what was written, then close without the chunked terminator: the client sees a
      // connection lost mid-answer, like a server that died.
      response.socket?.destroySoon();
    },
  };
}

/**
 * Writes one stream through the shared step driver, honouring backpressure (waits for
 * `'drain'`) and stopping the moment the client disconnects: every wait is released by the same
 * abort signal.
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

  await driveSteps({
    steps: createWireSteps(options),
    rate: options.rate,
    signal: stop.signal,
    sink: createResponseSink(response, record, stop, () => {
      droppedByProducer = true;
    }),
    onStep(step) {
      if (record.clientDisconnected) record.tokensAfterDisconnect += step.tokens;
      record.tokensWritten += step.tokens;
      record.bytesWritten += step.chunk.length;
      if (step.lastEventId !== null) record.lastEventId = step.lastEventId;
      if (step.then !== 'continue') {
        record.fault = step.fault;
        record.completed = step.then === 'done';
      }
    },
  });
}
