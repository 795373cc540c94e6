import { afterEach, describe, expect, it } from 'vitest';
import { createTokenStream } from './index.js';
import { closeLoopbackServers, startLoopbackServer } from './testing/loopback-server.js';
import { createManualSchedule } from './testing/manual-schedule.js';

afterEach(closeLoopbackServers);

describe('bounded reads', () => {
  it('reads a fetch body in chunks of at most 64 KiB, so the buffer stays near the high-water mark', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // Two large writes: without bounded reads one read() can return far more than 64 KiB.
      response.write(megabyte);
      response.end(megabyte);
    });
    const schedule = createManualSchedule();
    const highWaterMark = 16 * 1024;
    const stream = createTokenStream({ url: server.url, schedule: schedule.schedule, highWaterMark });
    const finished = stream.start();
    let settled = false;
    void finished.then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      schedule.flush();
    }
    const final = await finished;
    expect(final.phase).toBe('done');
    expect(final.text.length).toBe(2 * megabyte.length);
    expect(final.metrics.readPauses).toBeGreaterThan(0);
    expect(final.metrics.maxBufferedBytes).toBeLessThanOrEqual(highWaterMark + 64 * 1024);
  });

  it('still reads bodies that are not byte streams (e.g. new Response(readableStream))', async () => {
    const stream = createTokenStream({
      url: 'http://127.0.0.1/unused',
      schedule: 0,
      fetch: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('plain '));
              controller.enqueue(new TextEncoder().encode('stream'));
              controller.close();
            },
          }),
        ),
    });
    const final = await stream.start();
    expect(final.phase).toBe('done');
    expect(final.text).toBe('plain stream');
  });
});
