import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropic, createTokenStream, ndjson, openai, sse } from './index.js';
import type { Protocol, StreamSnapshot } from './types.js';
import { createInMemoryFetch } from './test-support/in-memory-fetch.js';
import { splitBytes } from './test-support/record-protocol.js';
import { closeLoopbackServers, serveChunks } from './testing/loopback-server.js';
import { immediateSchedule } from './testing/manual-schedule.js';
import {
  anthropicRecording,
  awkwardOffsets,
  ndjsonRecording,
  openaiRecording,
  sseRecording,
  type RecordedStream,
} from './test-support/recorded-streams.js';

afterEach(closeLoopbackServers);

interface Case {
  readonly recording: RecordedStream;
  readonly protocol: () => Protocol;
}

const cases: readonly Case[] = [
  { recording: sseRecording, protocol: () => sse() },
  { recording: ndjsonRecording, protocol: () => ndjson() },
  { recording: openaiRecording, protocol: () => openai() },
  { recording: anthropicRecording, protocol: () => anthropic() },
];

interface Outcome {
  text: string;
  status: StreamSnapshot['status'];
  phase: StreamSnapshot['phase'];
  error: StreamSnapshot['error'];
}

const outcomeOf = (snapshot: StreamSnapshot): Outcome => ({
  text: snapshot.text,
  status: snapshot.status,
  phase: snapshot.phase,
  error: snapshot.error,
});

async function runChunks({ recording, protocol }: Case, chunks: readonly Uint8Array[]): Promise<Outcome> {
  const memory = createInMemoryFetch(chunks, { 'content-type': recording.contentType });
  const stream = createTokenStream({ url: 'http://127.0.0.1/recorded', fetch: memory.fetch, protocol: protocol(), schedule: immediateSchedule });
  return outcomeOf(await stream.start());
}

describe.each(cases)('any split of a recorded $recording.format stream gives the same result', (testCase) => {
  const { bytes, expected } = testCase.recording;
  const awkward = awkwardOffsets(bytes);

  it('has awkward boundaries to split at (CRLF and multi-byte UTF-8)', () => {
    const decoded = new TextDecoder().decode(bytes);
    expect(awkward.length).toBeGreaterThan(10);
    expect(decoded.includes('\r\n')).toBe(true);
    expect([...decoded].some((character) => character.charCodeAt(0) > 0x7f)).toBe(true);
  });

  it('in one chunk, matches the recorded expectation', async () => {
    const outcome = await runChunks(testCase, [bytes]);
    expect(outcome.text).toBe(expected.text);
    expect(outcome.phase).toBe(expected.phase);
    expect(outcome.error).toBeNull();
    if (expected.status !== undefined) expect(outcome.status).toEqual(expected.status);
  });

  it('one byte per read', async () => {
    const whole = await runChunks(testCase, [bytes]);
    const byteByByte = await runChunks(testCase, splitBytes(bytes, Array.from({ length: bytes.length - 1 }, (_, index) => index + 1)));
    expect(byteByByte).toEqual(whole);
  });

  it('split inside every CRLF and every multi-byte character at once', async () => {
    const whole = await runChunks(testCase, [bytes]);
    expect(await runChunks(testCase, splitBytes(bytes, awkward))).toEqual(whole);
  });

  it('property: arbitrary cut points, biased towards awkward ones', async () => {
    const whole = await runChunks(testCase, [bytes]);
    const cut = fc.oneof(fc.integer({ min: 1, max: bytes.length - 1 }), fc.constantFrom(...awkward));
    await fc.assert(
      fc.asyncProperty(fc.array(cut, { minLength: 1, maxLength: 40 }), async (offsets) => {
        expect(await runChunks(testCase, splitBytes(bytes, offsets))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('property: over a real loopback server, writes spaced apart', async () => {
    const whole = await runChunks(testCase, [bytes]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...awkward), { minLength: 1, maxLength: 6 }), async (offsets) => {
        const server = await serveChunks(testCase.recording.contentType, splitBytes(bytes, offsets), { spacing: 3 });
        try {
          const stream = createTokenStream({ url: server.url, protocol: testCase.protocol(), schedule: immediateSchedule });
          expect(outcomeOf(await stream.start())).toEqual(whole);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 4 },
    );
  });
});
