import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenStream, sse, text } from './index.js';
import { MAX_WORD_LENGTH } from './pacer.js';
import { createGate } from './test-support/gate.js';
import { closeLoopbackServers, contentTypes, sseEvent, startLoopbackServer, startStream } from './testing/loopback-server.js';
import { createManualSchedule, recordSnapshots } from './testing/manual-schedule.js';
import type { Protocol, StreamSnapshot, TokenStreamOptions } from './types.js';

const encoder = new TextEncoder();
/** The virtual frame interval the property test flushes at. */
const FRAME_MS = 16;

/** The engine's monotonic clock (performance.now), set by hand. */
function useVirtualClock() {
  let time = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => time);
  return {
    set(next: number) {
      time = next;
    },
  };
}

/** A response body the test writes by hand; the engine pulls one pushed chunk per read. */
function createPushedBody() {
  const waiting: Uint8Array[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  let failure: Error | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (waiting.length === 0 && !closed && failure === null) await new Promise<void>((resolve) => (wake = resolve));
        if (failure !== null) controller.error(failure);
        else if (waiting.length > 0) controller.enqueue(waiting.shift() as Uint8Array);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const poke = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  return {
    fetch: (async () => new Response(body, { status: 200, headers: { 'content-type': 'text/plain' } })) as typeof fetch,
    push(chunk: string) {
      waiting.push(encoder.encode(chunk));
      poke();
    },
    close() {
      closed = true;
      poke();
    },
    fail(error: Error) {
      failure = error;
      poke();
    },
  };
}

/** Lets the engine run until `done()` holds, one macrotask turn at a time (bounded by turns, not time). */
async function until(done: () => boolean, turns = 1000): Promise<void> {
  for (let turn = 0; turn < turns && !done(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('the engine did not get there');
}

/** A paced stream over a pushed body, flushed by hand, counting the tokens it read. */
function pacedStream(pace: TokenStreamOptions['pace'], extra: TokenStreamOptions = {}) {
  const body = createPushedBody();
  const manual = createManualSchedule();
  let tokensRead = 0;
  const stream = createTokenStream({
    url: 'http://127.0.0.1/unused',
    fetch: body.fetch,
    protocol: text(),
    schedule: manual.schedule,
    pace,
    onToken: () => {
      tokensRead += 1;
    },
    ...extra,
  });
  const finished = stream.start();
  return {
    stream,
    body,
    manual,
    finished,
    tokensRead: () => tokensRead,
    /** Pushes one read and waits until the engine has parsed it. */
    async push(chunk: string) {
      const before = tokensRead;
      body.push(chunk);
      await until(() => tokensRead > before);
    },
  };
}

/** Where the first word after `from` ends, as the pacer counts it (leading whitespace, then the word, each capped). */
function firstWordEnd(received: string, from: number): number {
  let position = from;
  while (position < received.length && position - from < MAX_WORD_LENGTH && /\s/.test(received[position] as string)) position += 1;
  const wordStart = position;
  while (position < received.length && position - wordStart < MAX_WORD_LENGTH && !/\s/.test(received[position] as string)) position += 1;
  return position;
}

const burst = fc.record({
  gapMs: fc.integer({ min: 0, max: 200 }),
  text: fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' ', '\n'), minLength: 1, maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' ', '\n'), minLength: 100, maxLength: 3000 }),
  ),
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeLoopbackServers();
});

describe('pace', () => {
  it('keeps what is shown a prefix of what arrived, never older than maxLagMs, and reveals at least a word per frame', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(burst, { minLength: 1, maxLength: 25 }), fc.integer({ min: 50, max: 600 }), async (bursts, maxLagMs) => {
        const clock = useVirtualClock();
        const paced = pacedStream({ maxLagMs });
        const { snapshots, unsubscribe } = recordSnapshots(paced.stream);
        await until(() => paced.manual.hasPending());
        paced.manual.flush(); // publishes `streaming`

        let received = '';
        /** Arrival time of every received character. */
        const arrivals: number[] = [];
        let nextArrival = 0;
        let pushed = 0;
        let shownBefore = 0;
        let worstLag = 0;
        for (let frameTime = FRAME_MS; pushed < bursts.length || shownBefore < received.length; frameTime += FRAME_MS) {
          while (pushed < bursts.length && nextArrival + (bursts[pushed]?.gapMs ?? 0) <= frameTime) {
            const { gapMs, text: chunk } = bursts[pushed] as (typeof bursts)[number];
            nextArrival += gapMs;
            clock.set(nextArrival);
            const publishedBefore = snapshots.length;
            await paced.push(chunk);
            expect(snapshots.length).toBe(publishedBefore);
            received += chunk;
            for (let index = 0; index < chunk.length; index += 1) arrivals.push(nextArrival);
            pushed += 1;
          }
          clock.set(frameTime);
          const backlogBefore = received.length - shownBefore;
          const publishedBefore = snapshots.length;
          paced.manual.flush();
          // Pacing publishes only from flushes, once per flush: at most one commit per frame.
          expect(snapshots.length - publishedBefore).toBeLessThanOrEqual(1);
          const shown = paced.stream.getSnapshot().text;

          expect(received.startsWith(shown)).toBe(true);
          if (shown.length < received.length) {
            // The oldest character still hidden arrived less than maxLagMs before this flush.
            expect(arrivals[shown.length]).toBeGreaterThan(frameTime - maxLagMs);
            // Text is held: the engine asked for the next frame on its own.
            expect(paced.manual.hasPending()).toBe(true);
          }
          if (backlogBefore > 0) {
            expect(shown.length).toBeGreaterThanOrEqual(firstWordEnd(received, shownBefore));
          }
          for (let index = shownBefore; index < shown.length; index += 1) {
            worstLag = Math.max(worstLag, frameTime - (arrivals[index] as number));
          }
          shownBefore = shown.length;
        }
        // Arrival → shown: within maxLagMs plus one frame of slack (a flush cannot know when the next frame comes).
        expect(worstLag).toBeLessThanOrEqual(maxLagMs + FRAME_MS);
        expect(paced.stream.getSnapshot().text).toBe(received);
        unsubscribe();
        paced.stream.abort();
        await paced.finished;
        vi.restoreAllMocks();
      }),
      { numRuns: 40 },
    );
  });

  it('spreads a burst over several frames at a rate tied to the backlog, never ending inside a word', async () => {
    const clock = useVirtualClock();
    const paced = pacedStream({ maxLagMs: 1000 });
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    const burstText = 'word '.repeat(400);
    await paced.push(burstText);
    const lengths: number[] = [];
    for (let frame = 1; paced.stream.getSnapshot().text.length < burstText.length; frame += 1) {
      clock.set(frame * FRAME_MS);
      paced.manual.flush();
      lengths.push(paced.stream.getSnapshot().text.length);
    }
    // Revealed over several frames, each one growing, ending on word boundaries, all within the lag bound.
    expect(lengths.length).toBeGreaterThan(5);
    expect(lengths.length).toBeLessThanOrEqual(1000 / FRAME_MS + 1);
    for (let index = 1; index < lengths.length; index += 1) expect(lengths[index]).toBeGreaterThan(lengths[index - 1] as number);
    for (const length of lengths.slice(0, -1)) expect(`${burstText[length - 1]}${burstText[length]}`).toMatch(/\s/);
    paced.stream.abort();
    await paced.finished;
  });

  it('is off under prefers-reduced-motion: everything is shown at the next flush, also when it changes mid-stream', async () => {
    useVirtualClock();
    const media = { matches: false };
    const queries: string[] = [];
    const paced = pacedStream({
      maxLagMs: 5000,
      matchMedia: (query) => {
        queries.push(query);
        return media;
      },
    });
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    await paced.push('one two three four five six seven eight nine ten');
    paced.manual.flush();
    expect(paced.stream.getSnapshot().text).toBe('one');
    media.matches = true;
    await paced.push(' eleven twelve');
    paced.manual.flush();
    expect(paced.stream.getSnapshot().text).toBe('one two three four five six seven eight nine ten eleven twelve');
    expect(queries).toEqual(['(prefers-reduced-motion: reduce)']);
    paced.stream.abort();
    await paced.finished;
  });

  it('reduced motion from the start never holds anything back', async () => {
    useVirtualClock();
    const paced = pacedStream({ matchMedia: () => ({ matches: true }) });
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    await paced.push('a long burst of words that would otherwise take several frames');
    paced.manual.flush();
    expect(paced.stream.getSnapshot().text).toBe('a long burst of words that would otherwise take several frames');
    paced.stream.abort();
    await paced.finished;
  });

  it('reveals the rest in the same flush that publishes done', async () => {
    useVirtualClock();
    const paced = pacedStream({ maxLagMs: 5000 });
    const { snapshots } = recordSnapshots(paced.stream);
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    const answer = 'alpha beta gamma delta epsilon zeta eta theta';
    await paced.push(answer);
    paced.manual.flush();
    expect(paced.stream.getSnapshot().text).toBe('alpha');
    paced.body.close();
    await until(() => paced.manual.hasPending() && paced.stream.getSnapshot().phase === 'streaming');
    await new Promise((resolve) => setImmediate(resolve));
    paced.manual.flush();
    const final = await paced.finished;
    expect(final.phase).toBe('done');
    expect(final.text).toBe(answer);
    const phases = snapshots.map((snapshot: StreamSnapshot) => `${snapshot.phase}:${snapshot.text.length}`);
    // No snapshot between the partial one and `done`: the terminal flush revealed everything.
    expect(phases.slice(-2)).toEqual(['streaming:5', `done:${answer.length}`]);
  });

  it('reveals the rest together with an error, so nothing received is lost', async () => {
    useVirtualClock();
    const paced = pacedStream({ maxLagMs: 5000 });
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    await paced.push('kept text that was still held back');
    paced.manual.flush();
    paced.body.fail(new Error('connection reset'));
    await until(() => paced.manual.hasPending() && paced.stream.getSnapshot().phase === 'streaming');
    await new Promise((resolve) => setImmediate(resolve));
    paced.manual.flush();
    const final = await paced.finished;
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe('network');
    expect(final.text).toBe('kept text that was still held back');
  });

  it('Stop freezes what is shown and counts the unrevealed rest in discardedChars', async () => {
    useVirtualClock();
    const paced = pacedStream({ maxLagMs: 5000 });
    const { snapshots } = recordSnapshots(paced.stream);
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    const answer = 'shown hidden hidden hidden';
    await paced.push(answer);
    paced.manual.flush();
    expect(paced.stream.getSnapshot().text).toBe('shown');
    paced.stream.abort();
    const final = await paced.finished;
    const count = snapshots.length;
    paced.manual.flush();
    expect(final.phase).toBe('aborted');
    expect(final.text).toBe('shown');
    expect(final.metrics.discardedChars).toBe(answer.length - 'shown'.length);
    expect(snapshots.length).toBe(count);
    expect(paced.stream.getSnapshot().text).toBe('shown');
  });

  it('counts unrevealed text toward highWaterMark: reading stays paused until the held text is under it', async () => {
    const clock = useVirtualClock();
    const paced = pacedStream({ maxLagMs: 10_000 }, { highWaterMark: 100 });
    await until(() => paced.manual.hasPending());
    paced.manual.flush();
    const first = 'ab '.repeat(200);
    await paced.push(first);
    paced.body.push('next');
    let readNextWhileHeld: number | null = null;
    for (let frame = 1; paced.tokensRead() < 2; frame += 1) {
      if (frame > 1000) throw new Error('reading never resumed');
      clock.set(frame * FRAME_MS);
      const heldBefore = first.length - paced.stream.getSnapshot().text.length;
      paced.manual.flush();
      const held = first.length - Math.min(first.length, paced.stream.getSnapshot().text.length);
      // Let the reader run: it must stay paused while held text is over the mark.
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      if (paced.tokensRead() >= 2) readNextWhileHeld = held;
      else expect(heldBefore).toBeGreaterThan(0);
    }
    expect(readNextWhileHeld).not.toBeNull();
    expect(readNextWhileHeld as number).toBeLessThanOrEqual(100);
    expect(paced.stream.getSnapshot().metrics.readPauses).toBeGreaterThanOrEqual(1);
    expect(paced.stream.getSnapshot().metrics.maxBufferedBytes).toBeGreaterThanOrEqual(first.length);
    paced.stream.abort();
    await paced.finished;
  });

  it('paces reasoning and text parts in arrival order; a part that ends shows its whole text with its end', async () => {
    useVirtualClock();
    const body = createPushedBody();
    const manual = createManualSchedule();
    // One read per line: `r:` appends reasoning, `t:` appends text, `end-r` ends the reasoning part.
    const lines: Protocol = {
      name: 'lines',
      createParser(sink) {
        return {
          feed(chunk) {
            if (chunk.startsWith('r:')) {
              sink.start({ type: 'reasoning', id: 'r1' });
              sink.append('r1', chunk.slice(2));
            } else if (chunk.startsWith('t:')) sink.token(chunk.slice(2));
            else if (chunk === 'end-r') sink.end('r1');
          },
          end: () => sink.done(),
        };
      },
    };
    let reads = 0;
    const stream = createTokenStream({ url: 'http://127.0.0.1/unused', fetch: body.fetch, protocol: lines, schedule: manual.schedule, pace: { maxLagMs: 5000 } });
    const { snapshots } = recordSnapshots(stream);
    const unsubscribe = stream.subscribe(() => {});
    const finished = stream.start({ onToken: () => (reads += 1) });
    await until(() => manual.hasPending());
    manual.flush();
    body.push('r:think about it carefully');
    await until(() => manual.hasPending());
    manual.flush();
    const reasoningOf = (snapshot: StreamSnapshot) => snapshot.parts.find((part) => part.id === 'r1');
    expect(reasoningOf(stream.getSnapshot())).toMatchObject({ type: 'reasoning', text: 'think', state: 'streaming' });
    body.push('end-r');
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    manual.flush();
    expect(reasoningOf(stream.getSnapshot())).toMatchObject({ text: 'think about it carefully', state: 'done' });
    body.push('t:the answer follows here');
    await until(() => reads > 0);
    manual.flush();
    expect(stream.getSnapshot().text).toBe('the');
    body.close();
    await until(() => stream.getSnapshot().phase === 'streaming' && manual.hasPending());
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    manual.flush();
    const final = await finished;
    expect(final.phase).toBe('done');
    expect(final.text).toBe('the answer follows here');
    for (const snapshot of snapshots) expect('the answer follows here'.startsWith(snapshot.text)).toBe(true);
    unsubscribe();
  });

  it('rejects a bad pace option with a hint', () => {
    expect(() => createTokenStream({ pace: { maxLagMs: 0 } })).toThrow(/pace\.maxLagMs must be a positive number/);
    expect(() => createTokenStream({ pace: 'smooth' as never })).toThrow(/pace must be false or/);
    expect(() => createTokenStream({ pace: false })).not.toThrow();
  });

  it('paces a burst from a real loopback server and ends with the whole answer', async () => {
    const gate = createGate();
    const words = Array.from({ length: 300 }, (_, index) => `w${index}`);
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      // One burst: every token in a single write.
      response.write(words.map((word) => sseEvent(`${word} `)).join(''));
      await gate.opened;
      response.end(sseEvent('', 'done'));
    });
    const stream = createTokenStream({ url: `${server.url}/burst`, protocol: sse(), pace: { maxLagMs: 60_000 } });
    const { snapshots } = recordSnapshots(stream);
    const full = words.map((word) => `${word} `).join('');
    let partialSeen = false;
    const unsubscribe = stream.subscribe(() => {
      const { text: shown, phase } = stream.getSnapshot();
      if (phase === 'streaming' && shown.length > 0 && shown.length < full.length && !partialSeen) {
        partialSeen = true;
        gate.open();
      }
    });
    const final = await stream.start();
    unsubscribe();
    expect(partialSeen).toBe(true);
    expect(final.phase).toBe('done');
    expect(final.text).toBe(full);
    for (const snapshot of snapshots) expect(full.startsWith(snapshot.text)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
