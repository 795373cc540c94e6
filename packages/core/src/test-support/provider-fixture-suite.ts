/**
 * The checks every provider preset gets against its fixtures, without the engine: each fixture
 * gives its expected outcome in the recording sink, any split of its bytes (fast-check over cut
 * points, inside lines and multi-byte characters) gives the same outcome, and it reads the same
 * when served over `node:http`. `describeProviderStreams` runs the same fixtures through the engine.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExpectedOutcome, ProviderFixture } from './fixtures/provider-fixture.js';
import type { Protocol, StreamSnapshot } from '../types.js';
import { closeLoopbackServers, contentTypes, serveChunks } from './loopback-server.js';
import { recordBytes, recordChunks, recordResponse, splitBytes } from './record-protocol.js';
import type { RecordedOutcome } from './recording-sink.js';
import { runToEnd } from './run-stream.js';

export function expectOutcome(outcome: RecordedOutcome, expected: ExpectedOutcome): void {
  expect(outcome.parts).toEqual(expected.parts);
  expect(outcome.text).toBe(expected.text);
  expect(outcome.phase).toBe(expected.phase);
  expect(outcome.finishReason).toBe(expected.finishReason);
  expect(outcome.error).toEqual(expected.error);
  if (expected.cursor !== undefined) expect(outcome.cursor).toBe(expected.cursor);
  if (expected.ignoredEvents !== undefined) expect(outcome.ignoredEvents).toBe(expected.ignoredEvents);
  if (expected.status !== undefined) expect(outcome.status).toEqual(expected.status);
}

const encoder = new TextEncoder();

export function describeProviderFixtures(title: string, createProtocol: () => Protocol, fixtures: readonly ProviderFixture[]): void {
  describe(title, () => {
    afterEach(closeLoopbackServers);

    it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
      const { outcome, recording } = recordChunks(createProtocol(), [fixture.body]);
      expect(recording.problems).toEqual([]);
      expectOutcome(outcome, fixture.expected);
    });

    it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('any split of the bytes gives the same parts: %s', (_name, fixture) => {
      const bytes = encoder.encode(fixture.body);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 24 }), (offsets) => {
          const { outcome, recording } = recordBytes(createProtocol(), splitBytes(bytes, offsets));
          expect(recording.problems).toEqual([]);
          expectOutcome(outcome, fixture.expected);
        }),
        { numRuns: 40 },
      );
    });

    it('reads a fixture served over node:http in small chunks the same way', async () => {
      for (const fixture of fixtures.slice(0, 4)) {
        const bytes = encoder.encode(fixture.body);
        const chunks = splitBytes(bytes, Array.from({ length: Math.floor(bytes.length / 97) }, (_, index) => (index + 1) * 97));
        const server = await serveChunks(contentTypes.sse, chunks);
        const { outcome, recording, bodyError } = await recordResponse(createProtocol(), await fetch(server.url));
        expect(bodyError).toBeNull();
        expect(recording.problems).toEqual([]);
        expectOutcome(outcome, fixture.expected);
        await server.close();
      }
    });
  });
}

/** A snapshot in the recording sink's terms, so engine runs are checked against the same expectations. */
export function outcomeOfSnapshot(snapshot: StreamSnapshot): RecordedOutcome {
  return {
    parts: [...snapshot.parts],
    text: snapshot.text,
    phase: snapshot.phase as RecordedOutcome['phase'],
    error: snapshot.error ? { kind: snapshot.error.kind, message: snapshot.error.message } : null,
    status: snapshot.status,
    finishReason: snapshot.finishReason,
    cursor: snapshot.cursor,
    ignoredEvents: snapshot.metrics.ignoredEvents,
    tokens: snapshot.metrics.tokens,
  };
}

/**
 * End to end through the engine: every fixture served over `node:http` (in 97-byte writes) and
 * read by `createTokenStream`, ending with the fixture's expected snapshot.
 */
export function describeProviderStreams(title: string, createProtocol: () => Protocol, fixtures: readonly ProviderFixture[]): void {
  describe(title, () => {
    afterEach(closeLoopbackServers);

    it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
      const bytes = encoder.encode(fixture.body);
      const chunks = splitBytes(bytes, Array.from({ length: Math.floor(bytes.length / 97) }, (_, index) => (index + 1) * 97));
      const server = await serveChunks(contentTypes.sse, chunks);
      // One connection's outcome: a cut fixture must end `incomplete` here, not be resumed
      // (a GET with ids would reconnect by default; resume.test.ts covers that).
      const { snapshot } = await runToEnd({ url: server.url, protocol: createProtocol(), reconnect: false });
      expectOutcome(outcomeOfSnapshot(snapshot), fixture.expected);
    });
  });
}
