/**
 * `node bench/pacing-bench.mjs` (after `pnpm build`): `pace` on a simulated 60 Hz frame
 * schedule with a virtual clock, so the figures are the algorithm's, not this machine's load.
 * Prints the largest arrival → shown lag and publishes per frame for a steady 2,000 tokens/s,
 * clumps of 200 tokens every 100 ms, and one 20,000-token burst. Not a test: it prints figures.
 */
import { createTokenStream, text } from '../dist/index.js';

const FRAME_MS = 1000 / 60;
const MAX_LAG_MS = 300;
let virtualNow = 0;
// The engine reads `performance.now()` at call time: this makes every timestamp virtual.
Object.defineProperty(globalThis, 'performance', { value: { now: () => virtualNow }, configurable: true });

const encoder = new TextEncoder();
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** `reads`: [{ at, text }] in time order; the body ends `endAt` ms after the start. */
async function simulate(name, reads, endAt) {
  const waiting = [];
  let wake = null;
  let closed = false;
  const body = new ReadableStream(
    {
      async pull(controller) {
        while (waiting.length === 0 && !closed) await new Promise((resolve) => (wake = resolve));
        if (waiting.length > 0) controller.enqueue(waiting.shift());
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  let flush = null;
  let tokensRead = 0;
  const stream = createTokenStream({
    url: 'http://127.0.0.1/bench',
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/plain' } }),
    protocol: text(),
    pace: { maxLagMs: MAX_LAG_MS },
    schedule: (run) => {
      flush = run;
      return () => {};
    },
    onToken: () => {
      tokensRead += 1;
    },
  });
  const arrivals = [];
  let publishes = 0;
  stream.subscribe(() => {
    publishes += 1;
  });
  const finished = stream.start();
  let next = 0;
  let maxLag = 0;
  let frames = 0;
  let maxPublishesInFrame = 0;
  let lastLength = 0;
  let lagSum = 0;
  let largestReveal = 0;
  let settled = false;
  void finished.then(() => (settled = true));
  for (let frameTime = FRAME_MS; !settled; frameTime += FRAME_MS) {
    while (next < reads.length && reads[next].at <= frameTime) {
      virtualNow = reads[next].at;
      const before = tokensRead;
      waiting.push(encoder.encode(reads[next].text));
      wake?.();
      while (tokensRead === before) await turn();
      for (let index = 0; index < reads[next].text.length; index += 1) arrivals.push(reads[next].at);
      next += 1;
    }
    if (next === reads.length && frameTime >= endAt && !closed) {
      closed = true;
      wake?.();
      for (let index = 0; index < 5; index += 1) await turn();
    }
    virtualNow = frameTime;
    const before = publishes;
    flush?.();
    frames += 1;
    maxPublishesInFrame = Math.max(maxPublishesInFrame, publishes - before);
    const length = stream.getSnapshot().text.length;
    for (let shown = lastLength; shown < length; shown += 1) {
      maxLag = Math.max(maxLag, frameTime - arrivals[shown]);
      lagSum += frameTime - arrivals[shown];
    }
    // The terminal flush reveals the rest at once by design; only streaming frames count here.
    if (stream.getSnapshot().phase === 'streaming') largestReveal = Math.max(largestReveal, length - lastLength);
    lastLength = length;
    await turn();
  }
  const final = await finished;
  return { name, maxLag, meanLag: lagSum / Math.max(1, lastLength), largestReveal, frames, publishes, maxPublishesInFrame, chars: final.text.length, phase: final.phase };
}

const word = (index) => `w${index % 1000} `;
const steady = Array.from({ length: 4000 }, (_, index) => ({ at: index / 2, text: word(index) }));
const clumps = Array.from({ length: 20 }, (_, clump) => ({
  at: clump * 100,
  text: Array.from({ length: 200 }, (_, index) => word(clump * 200 + index)).join(''),
}));
const burst = [{ at: 0, text: Array.from({ length: 20_000 }, (_, index) => word(index)).join('') }];

const results = [
  await simulate('2,000 tokens/s, one token per read, 2 s', steady, 2000),
  await simulate('clumps of 200 tokens every 100 ms, 2 s', clumps, 2000),
  await simulate('one 20,000-token burst, stream open for 1 s more', burst, 1000),
];
console.log(`\n### pace { maxLagMs: ${MAX_LAG_MS} } on a simulated 60 Hz schedule (virtual clock)\n`);
console.log('| input | lag arrival → shown, max / mean (ms) | most characters revealed in one streaming frame | publishes per frame (max) | frames | final |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const result of results) {
  console.log(`| ${result.name} | ${result.maxLag.toFixed(1)} / ${result.meanLag.toFixed(1)} | ${result.largestReveal.toLocaleString('en-US')} | ${result.maxPublishesInFrame} | ${result.frames} | ${result.phase}, ${result.chars.toLocaleString('en-US')} chars |`);
}
