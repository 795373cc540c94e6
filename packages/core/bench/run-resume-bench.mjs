/**
 * Time from a dropped connection to the first resumed token, on loopback, with the built core
 * (`../dist/index.js`): a `node:http` server streams SSE events with ids, resets the socket
 * after `CUT_AFTER` events, and answers the reconnect (`Last-Event-ID`) with the rest.
 *
 *   pnpm --filter @sluice/core bench:resume            median of 25 runs
 *   pnpm --filter @sluice/core bench:resume --smoke    3 runs: proves the bench still works
 *
 * `reconnect.delay` is 0 here, so the figure is the kit's own cost (noticing the drop, the
 * `reconnecting` flush on the default frame schedule, a new request, parsing the replay); the
 * default backoff adds 1–2 s (1,000 ms plus up to 1,000 ms of jitter) before the first attempt.
 * It prints figures; it asserts only that every run ended with the uncut text, once.
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createTokenStream } from '../dist/index.js';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 3 : 25;
const EVENTS = 200;
const CUT_AFTER = 80;
const tokens = Array.from({ length: EVENTS }, (_, index) => ` token${index}`);
const encodeFrom = (first) =>
  tokens
    .slice(first)
    .map((token, offset) => `id: ${first + offset}\ndata: ${token}\n\n`)
    .join('') + 'event: done\ndata: \n\n';

let droppedAt = 0;
const server = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const lastEventId = request.headers['last-event-id'];
  if (lastEventId !== undefined) {
    response.end(encodeFrom(Number(lastEventId) + 1));
    return;
  }
  const head = tokens
    .slice(0, CUT_AFTER)
    .map((token, index) => `id: ${index}\ndata: ${token}\n\n`)
    .join('');
  response.write(head, () => {
    // Let the bytes leave, then cut the connection without a terminal chunk.
    setTimeout(() => {
      droppedAt = performance.now();
      response.socket?.destroy();
    }, 20);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const url = `http://127.0.0.1:${port}/stream`;
const expected = tokens.join('');

const figures = [];
for (let run = 0; run < runs; run += 1) {
  let seen = 0;
  let firstResumedAt = 0;
  const stream = createTokenStream({
    url,
    reconnect: { delay: () => 0 },
    onToken() {
      seen += 1;
      if (seen === CUT_AFTER + 1) firstResumedAt = performance.now();
    },
  });
  const final = await stream.start();
  if (final.phase !== 'done' || final.text !== expected || final.metrics.reconnects !== 1) {
    throw new Error(`run ${run}: ${final.phase} ${final.error?.message ?? ''}, ${final.metrics.reconnects} reconnects, text ${final.text === expected ? 'exact' : 'wrong'}`);
  }
  figures.push(firstResumedAt - droppedAt);
}
server.close();

figures.sort((a, b) => a - b);
const at = (fraction) => figures[Math.min(figures.length - 1, Math.floor(fraction * figures.length))];
console.log(`drop → first resumed token (loopback, reconnect.delay 0, default frame schedule), ${runs} runs:`);
console.log(`  median ${at(0.5).toFixed(2)} ms · p90 ${at(0.9).toFixed(2)} ms · min ${figures[0].toFixed(2)} ms · max ${figures.at(-1).toFixed(2)} ms`);
