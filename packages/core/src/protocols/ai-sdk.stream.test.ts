/**
 * End to end through `createTokenStream` (needs the engine's part log: passes once the `engine`
 * branch is merged; the parser alone is checked in `ai-sdk.test.ts`), against the real `ai`
 * server side served over node:http.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { aiSdk, createTokenStream } from '../index.js';
import { serveWebResponse } from '../test-support/ai-sdk-server.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { immediateSchedule } from '../test-support/manual-schedule.js';
import { expectOutcome, outcomeOfSnapshot } from '../test-support/provider-fixture-suite.js';
import { aiSdkRecording } from '../test-support/recorded-streams.js';
import { runToEnd } from '../test-support/run-stream.js';
import {
  aiSdkScenarios,
  createTrigger,
  respondWithServerAbort,
  respondWithThrowingModel,
  type Trigger,
} from '../test-support/fixtures/ai-sdk-scenarios.js';

afterEach(closeLoopbackServers);

const part = (value: Record<string, unknown>) => `data: ${JSON.stringify(value)}\n\n`;
const uiStreamHeaders = { 'x-vercel-ai-ui-message-stream': 'v1' };

describe('aiSdk() through createTokenStream against the real `ai` server side', () => {
  it.each(aiSdkScenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const server = await serveWebResponse(scenario.respond);
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expectOutcome(outcomeOfSnapshot(snapshot), { ...scenario.expected, ignoredEvents: 0 });
  });

  it('is chosen by the x-vercel-ai-ui-message-stream header when no protocol is given', async () => {
    const server = await serveWebResponse(aiSdkScenarios[2]!.respond);
    const { snapshot } = await runToEnd({ url: server.url });
    expect(snapshot.text).toBe(aiSdkScenarios[2]!.expected.text);
    expect(snapshot.parts.map((part) => part.type)).toEqual(['text', 'tool', 'text']);
  });

  /** Runs a stream and opens `trigger` once the published text contains `text`. */
  async function runOpeningWhen(url: string, trigger: Trigger, text: string) {
    const stream = createTokenStream({ url, protocol: aiSdk(), schedule: immediateSchedule });
    stream.subscribe(() => {
      if (stream.getSnapshot().text.includes(text)) trigger.open();
    });
    return stream.start();
  }

  it('a server abort ends as incomplete with the text kept', async () => {
    const trigger = createTrigger();
    const server = await serveWebResponse(() => respondWithServerAbort(trigger));
    const snapshot = await runOpeningWhen(server.url, trigger, 'Stopped ');
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('incomplete');
    expect(snapshot.text).toBe('Stopped ');
  });

  it('a model stream that throws cuts the connection: an error, never done, text kept', async () => {
    const trigger = createTrigger();
    const server = await serveWebResponse(() => respondWithThrowingModel(trigger));
    const snapshot = await runOpeningWhen(server.url, trigger, 'Cut sho');
    expect(snapshot.phase).toBe('error');
    expect(['network', 'incomplete']).toContain(snapshot.error?.kind);
    expect(snapshot.text).toBe('Cut sho');
  });
});

describe('aiSdk() through createTokenStream, hand-written chunks', () => {
  it('streams text-delta tokens, turns data-* parts into status and ends at finish + [DONE]', async () => {
    const server = await serveChunks(contentTypes.sse, [aiSdkRecording.bytes], { headers: uiStreamHeaders });
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expect(snapshot.text).toBe(aiSdkRecording.expected.text);
    expect(snapshot.phase).toBe('done');
    // The contract: data-* ⇒ status(type, data), with the part's own type.
    expect(snapshot.status).toEqual({ type: 'data-weather', data: { city: 'Zürich', degrees: 21 } });
  });

  it('maps reasoning, tool, source and step chunks to parts; only text is in text', async () => {
    const server = await serveChunks(contentTypes.sse, [
      part({ type: 'start' }),
      part({ type: 'data-progress', data: { percent: 10 } }),
      part({ type: 'reasoning-delta', id: 'r', delta: 'thinking' }),
      part({ type: 'tool-input-start', toolCallId: 'c1', toolName: 'search' }),
      part({ type: 'tool-output-available', toolCallId: 'c1', output: { hits: 3 } }),
      part({ type: 'source-url', sourceId: 's', url: 'https://example.com' }),
      part({ type: 'text-delta', id: 't', delta: 'visible' }),
      part({ type: 'finish-step' }),
      part({ type: 'finish' }),
      'data: [DONE]\n\n',
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expect(snapshot.text).toBe('visible');
    expect(snapshot.status).toEqual({ type: 'data-progress', data: { percent: 10 } });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.parts.map((item) => item.type)).toEqual(['data', 'reasoning', 'tool', 'source', 'text']);
  });

  it('reports an error part as a server error with its errorText', async () => {
    const server = await serveChunks(contentTypes.sse, [
      part({ type: 'text-delta', id: 't', delta: 'before' }),
      part({ type: 'error', errorText: 'tool crashed' }),
    ]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'tool crashed' });
    expect(snapshot.text).toBe('before');
  });

  it('reports a stream cut before finish as incomplete', async () => {
    const server = await serveChunks(contentTypes.sse, [part({ type: 'start' }), part({ type: 'text-delta', id: 't', delta: 'cut' })]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('incomplete');
    expect(snapshot.text).toBe('cut');
  });
});
