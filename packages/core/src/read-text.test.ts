import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenStream, sse } from './index.js';
import type { StreamAction } from './types.js';
import { createManualSchedule } from './testing/manual-schedule.js';

const encoder = new TextEncoder();

/** Streams `pieces` as plain text and publishes each one in its own flush. */
async function streamWithFlushPerPiece(pieces: readonly string[]) {
  const schedule = createManualSchedule();
  let parsedPieces = 0;
  let release: () => void = () => {};
  const fetchPieceByPiece = async () => {
    let index = 0;
    return new Response(
      new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            await new Promise<void>((resolve) => (release = resolve));
            const piece = pieces[index];
            index += 1;
            if (piece === undefined) controller.close();
            else controller.enqueue(encoder.encode(piece));
          },
        },
        { highWaterMark: 0 },
      ),
      { headers: { 'content-type': 'text/plain' } },
    );
  };
  const stream = createTokenStream({
    url: 'http://127.0.0.1/unused',
    fetch: fetchPieceByPiece,
    schedule: schedule.schedule,
    onToken: () => (parsedPieces += 1),
  });
  const finished = stream.start();
  for (let index = 0; index <= pieces.length; index += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    while (parsedPieces < Math.min(index + 1, pieces.length)) await new Promise((resolve) => setTimeout(resolve, 0));
    schedule.flush();
  }
  while (stream.getSnapshot().phase !== 'done') {
    await new Promise((resolve) => setTimeout(resolve, 0));
    schedule.flush();
  }
  await finished;
  return stream;
}

describe('readText(start, end)', () => {
  it('equals slicing the published text, for any range, across many flushes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), async (pieces) => {
        const stream = await streamWithFlushPerPiece(pieces);
        const text = stream.getSnapshot().text;
        expect(text).toBe(pieces.join(''));
        expect(stream.getSnapshot().metrics.flushes).toBeGreaterThanOrEqual(pieces.length);
        for (let start = 0; start <= text.length; start += 1) {
          for (let end = start; end <= text.length + 1; end += 1) {
            expect(stream.readText(start, end)).toBe(text.slice(start, end));
          }
        }
        expect(stream.readText(0)).toBe(text);
      }),
      { numRuns: 25 },
    );
  });

  it('forgets the previous answer on start() and reset()', async () => {
    const stream = await streamWithFlushPerPiece(['first ', 'answer']);
    expect(stream.readText(0)).toBe('first answer');
    stream.reset();
    expect(stream.readText(0)).toBe('');
  });
});

describe('readPartText(id, start, end)', () => {
  it('equals slicing the published part’s streamed field, for text, reasoning and tool parts', async () => {
    const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
    const actionsOf = (data: string) => JSON.parse(data) as StreamAction;
    const body = [
      event({ type: 'start', part: { type: 'reasoning', id: 'r', text: 'ab' } }),
      event({ type: 'append', id: 'r', text: 'cd' }),
      event({ type: 'start', part: { type: 'tool', id: 't', name: 'n' } }),
      event({ type: 'append', id: 't', text: '{"q"' }),
      event({ type: 'append', id: 't', text: ':1}' }),
      event({ type: 'token', text: 'hé' }),
      event({ type: 'token', text: 'llo' }),
    ];
    const schedule = createManualSchedule();
    const pieces = body.map((piece) => encoder.encode(piece));
    let index = 0;
    const stream = createTokenStream({
      url: 'http://127.0.0.1/unused',
      protocol: sse({ map: (sseEvent) => actionsOf(sseEvent.data) }),
      schedule: schedule.schedule,
      fetch: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              const piece = pieces[index];
              index += 1;
              if (piece) controller.enqueue(piece);
              else controller.close();
            },
          }, { highWaterMark: 0 }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const run = stream.start();
    // One flush per read, so each part is published in several pieces.
    while (stream.getSnapshot().phase !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 0));
      schedule.flush();
    }
    await run;
    const expected: Record<string, string> = { r: 'abcd', t: '{"q":1}', 'text-1': 'héllo' };
    for (const [id, value] of Object.entries(expected)) {
      for (let start = 0; start <= value.length; start += 1) {
        for (let end = start; end <= value.length + 1; end += 1) expect(stream.readPartText(id, start, end)).toBe(value.slice(start, end));
      }
      expect(stream.readPartText(id, 0)).toBe(value);
    }
    expect(stream.readPartText('nobody', 0)).toBe('');
  });
});
