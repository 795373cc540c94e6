/**
 * End to end through `createTokenStream` (needs the engine's part log: passes once the `engine`
 * branch is merged; the parser alone is checked in `openai-responses.test.ts`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openai, openaiResponses } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { describeProviderStreams } from '../test-support/provider-fixture-suite.js';
import { runToEnd } from '../test-support/run-stream.js';
import { openaiResponsesFixtures } from '../test-support/fixtures/openai-responses.js';

afterEach(closeLoopbackServers);

describeProviderStreams('openaiResponses() through createTokenStream over node:http', openaiResponses, openaiResponsesFixtures);

describe('openaiResponses() through createTokenStream', () => {
  it('reports sequence_number as the snapshot cursor', async () => {
    const fixture = openaiResponsesFixtures[0]!;
    const server = await serveChunks(contentTypes.sse, [fixture.body]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openaiResponses() });
    expect(snapshot.cursor).toBe(fixture.expected.cursor);
    expect(snapshot.text).toBe(fixture.expected.text);
  });

  it('openai() (Chat Completions) on a Responses stream finds no chunk it knows: empty text, every event counted', async () => {
    const fixture = openaiResponsesFixtures[0]!;
    const server = await serveChunks(contentTypes.sse, [fixture.body]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: openai() });
    expect(snapshot.text).toBe('');
    expect(snapshot.metrics.ignoredEvents).toBeGreaterThan(0);
  });
});
