import { afterEach, describe, expect, it } from 'vitest';
import { aiSdk } from '../index.js';
import { serveWebResponse } from '../test-support/ai-sdk-server.js';
import { closeLoopbackServers } from '../test-support/loopback-server.js';
import { expectOutcome } from '../test-support/provider-fixture-suite.js';
import { recordChunks, recordResponse } from '../test-support/record-protocol.js';
import type { Recording } from '../test-support/recording-sink.js';
import {
  aiSdkScenarios,
  createTrigger,
  respondWithServerAbort,
  respondWithThrowingModel,
  type Trigger,
} from '../test-support/fixtures/ai-sdk-scenarios.js';

afterEach(closeLoopbackServers);

async function fetchThroughParser(respond: () => Response, afterFeed?: Parameters<typeof recordResponse>[2]) {
  const server = await serveWebResponse(respond);
  const response = await fetch(server.url);
  return { response, ...(await recordResponse(aiSdk(), response, afterFeed)) };
}

/** Opens `trigger` once the parsed text contains `text`. */
const openWhenText = (trigger: Trigger, text: string) => (recording: Recording) => {
  if (recording.result().text.includes(text)) trigger.open();
};

const chunk = (value: Record<string, unknown>) => `data: ${JSON.stringify(value)}\n\n`;

describe('aiSdk() against the real `ai` server side (recording sink)', () => {
  it.each(aiSdkScenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const { response, outcome, recording, bodyError } = await fetchThroughParser(scenario.respond);
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(bodyError).toBeNull();
    expect(recording.problems).toEqual([]);
    expectOutcome(outcome, { ...scenario.expected, ignoredEvents: 0 });
  });

  it('a data-* part is a status update too, latest wins, with its full type', async () => {
    const scenario = aiSdkScenarios.find((candidate) => candidate.name.startsWith('data parts'));
    const { recording } = await fetchThroughParser(scenario!.respond);
    expect(recording.statuses.map((status) => status.type)).toEqual(['data-progress', 'data-weather', 'data-weather', 'data-progress']);
  });

  it('a model stream that throws errors the body: what arrived is kept and nothing says done', async () => {
    const trigger = createTrigger();
    const { outcome, bodyError } = await fetchThroughParser(() => respondWithThrowingModel(trigger), openWhenText(trigger, 'Cut sho'));
    expect(bodyError).not.toBeNull();
    expect(outcome.phase).toBe('streaming');
    expect(outcome.text).toBe('Cut sho');
  });

  it('a server abort ends as incomplete with the text kept', async () => {
    const trigger = createTrigger();
    const { outcome, recording } = await fetchThroughParser(() => respondWithServerAbort(trigger), openWhenText(trigger, 'Stopped '));
    expect(recording.problems).toEqual([]);
    expect(outcome.phase).toBe('error');
    expect(outcome.error?.kind).toBe('incomplete');
    expect(outcome.text).toBe('Stopped ');
  });
});

describe('aiSdk() chunk by chunk', () => {
  it('maps tool approval, denial, preliminary output, files, documents and citations', () => {
    const { outcome, recording } = recordChunks(aiSdk(), [
      chunk({ type: 'start', messageId: 'm1', messageMetadata: { user: 'x' } }),
      chunk({ type: 'tool-input-available', toolCallId: 'a', toolName: 'delete', input: { path: '/tmp' } }),
      chunk({ type: 'tool-approval-request', approvalId: 'ap1', toolCallId: 'a' }),
      chunk({ type: 'tool-input-available', toolCallId: 'b', toolName: 'send', input: { to: 'x' } }),
      chunk({ type: 'tool-output-denied', toolCallId: 'b' }),
      chunk({ type: 'tool-input-available', toolCallId: 'c', toolName: 'search', input: {} }),
      chunk({ type: 'tool-output-available', toolCallId: 'c', output: { hits: 1 }, preliminary: true }),
      chunk({ type: 'file', url: 'https://example.com/a.png', mediaType: 'image/png' }),
      chunk({ type: 'file', url: 'https://example.com/b.png', mediaType: 'image/png' }),
      chunk({ type: 'source-document', sourceId: 'd1', mediaType: 'text/plain', title: 'Notes', filename: 'notes.txt' }),
      chunk({ type: 'message-metadata', messageMetadata: { tokens: 3 } }),
      chunk({ type: 'text-start', id: 't' }),
      chunk({ type: 'text-delta', id: 't', delta: 'ok' }),
      chunk({ type: 'text-end', id: 't', citations: [{ source: { type: 'source', sourceType: 'url', id: 'cite-1', url: 'https://example.com/c' } }] }),
      chunk({ type: 'finish', finishReason: 'interrupted' }),
      'data: [DONE]\n\n',
    ]);
    expect(recording.problems).toEqual([]);
    expect(outcome.parts).toEqual([
      { type: 'tool', id: 'a', name: 'delete', inputText: '{"path":"/tmp"}', input: { path: '/tmp' }, state: 'approval-requested' },
      { type: 'tool', id: 'b', name: 'send', inputText: '{"to":"x"}', input: { to: 'x' }, state: 'output-denied' },
      { type: 'tool', id: 'c', name: 'search', inputText: '{}', input: {}, output: { hits: 1 }, preliminary: true, state: 'output-available' },
      { type: 'file', id: 'file', url: 'https://example.com/a.png', mediaType: 'image/png' },
      { type: 'file', id: 'file~1', url: 'https://example.com/b.png', mediaType: 'image/png' },
      { type: 'source', id: 'd1', title: 'Notes', mediaType: 'text/plain' },
      { type: 'text', id: 't', text: 'ok', state: 'done' },
      { type: 'source', id: 'cite-1', url: 'https://example.com/c' },
    ]);
    expect(outcome.finishReason).toBe('other');
    expect(outcome.phase).toBe('done');
    expect(outcome.ignoredEvents).toBe(0);
  });

  it('a final tool output replaces a preliminary one', () => {
    const { outcome } = recordChunks(aiSdk(), [
      chunk({ type: 'tool-input-available', toolCallId: 'c', toolName: 'search', input: {} }),
      chunk({ type: 'tool-output-available', toolCallId: 'c', output: { hits: 1 }, preliminary: true }),
      chunk({ type: 'tool-output-available', toolCallId: 'c', output: { hits: 2 } }),
      chunk({ type: 'finish' }),
    ]);
    expect(outcome.parts).toEqual([{ type: 'tool', id: 'c', name: 'search', inputText: '{}', input: {}, output: { hits: 2 }, state: 'output-available' }]);
    expect(outcome.finishReason).toBeNull();
  });

  it('a tool input that never becomes valid JSON keeps inputText, no input, a clear errorText; never a throw', () => {
    const { outcome, recording } = recordChunks(aiSdk(), [
      chunk({ type: 'tool-input-start', toolCallId: 'x', toolName: 'calc' }),
      chunk({ type: 'tool-input-delta', toolCallId: 'x', inputTextDelta: '{"a":' }),
      chunk({ type: 'tool-input-delta', toolCallId: 'x', inputTextDelta: ' oops' }),
      chunk({ type: 'tool-input-error', toolCallId: 'x', toolName: 'calc', input: '{"a": oops', errorText: 'Invalid JSON input for tool calc' }),
      chunk({ type: 'finish', finishReason: 'tool-calls' }),
    ]);
    expect(recording.problems).toEqual([]);
    expect(outcome.parts).toEqual([
      { type: 'tool', id: 'x', name: 'calc', inputText: '{"a": oops', errorText: 'Invalid JSON input for tool calc', state: 'output-error' },
    ]);
    expect(outcome.phase).toBe('done');
    expect(outcome.finishReason).toBe('tool-calls');
  });

  it('a streamed tool input the stream never settles is parsed at finish: invalid JSON becomes output-error', () => {
    const { outcome, recording } = recordChunks(aiSdk(), [
      chunk({ type: 'tool-input-start', toolCallId: 'ok', toolName: 'f' }),
      chunk({ type: 'tool-input-delta', toolCallId: 'ok', inputTextDelta: '{"a":1}' }),
      chunk({ type: 'tool-input-start', toolCallId: 'bad', toolName: 'g' }),
      chunk({ type: 'tool-input-delta', toolCallId: 'bad', inputTextDelta: '{"a":' }),
      chunk({ type: 'finish', finishReason: 'tool-calls' }),
    ]);
    expect(recording.problems).toEqual([]);
    expect(outcome.parts).toEqual([
      { type: 'tool', id: 'ok', name: 'f', inputText: '{"a":1}', input: { a: 1 }, state: 'input-available' },
      { type: 'tool', id: 'bad', name: 'g', inputText: '{"a":', errorText: 'The tool input is not valid JSON: {"a":', state: 'output-error' },
    ]);
    expect(outcome.phase).toBe('done');
  });

  it('a text id used again after its end (a new step) opens a new part', () => {
    const { outcome } = recordChunks(aiSdk(), [
      chunk({ type: 'text-start', id: '0' }),
      chunk({ type: 'text-delta', id: '0', delta: 'one' }),
      chunk({ type: 'finish-step' }),
      chunk({ type: 'text-start', id: '0' }),
      chunk({ type: 'text-delta', id: '0', delta: 'two' }),
      chunk({ type: 'text-end', id: '0' }),
      chunk({ type: 'finish' }),
    ]);
    expect(outcome.parts.map((part) => [part.id, part.type === 'text' ? part.text : '', part.type === 'text' ? part.state : ''])).toEqual([
      ['0', 'one', 'done'],
      ['0~1', 'two', 'done'],
    ]);
    expect(outcome.text).toBe('one\n\ntwo');
  });

  it('unknown chunk types (and ones without a type) are counted, never fatal', () => {
    const { outcome } = recordChunks(aiSdk(), [
      chunk({ type: 'custom', kind: 'acme.thing' }),
      chunk({ type: 'steering-message', id: 's', parts: [] }),
      chunk({ type: 'brand-new-chunk', x: 1 }),
      chunk({ no: 'type' }),
      chunk({ type: 'text-delta', id: 't', delta: 'still here' }),
      chunk({ type: 'finish', finishReason: 'stop' }),
    ]);
    expect(outcome.ignoredEvents).toBe(4);
    expect(outcome.text).toBe('still here');
    expect(outcome.phase).toBe('done');
  });

  it('an error chunk is a server error with its errorText; an abort chunk is incomplete', () => {
    const failed = recordChunks(aiSdk(), [chunk({ type: 'text-delta', id: 't', delta: 'before' }), chunk({ type: 'error', errorText: 'tool crashed' })]);
    expect(failed.outcome).toMatchObject({ phase: 'error', error: { kind: 'server', message: 'tool crashed' }, text: 'before' });
    const aborted = recordChunks(aiSdk(), [chunk({ type: 'abort', reason: 'user left' })]);
    expect(aborted.outcome).toMatchObject({ phase: 'error', error: { kind: 'incomplete', message: 'user left' } });
  });

  it('a stream cut before finish is incomplete; an error body with no events is a server error', () => {
    expect(recordChunks(aiSdk(), [chunk({ type: 'text-delta', id: 't', delta: 'cut' })]).outcome).toMatchObject({
      phase: 'error',
      error: { kind: 'incomplete' },
      text: 'cut',
    });
    expect(recordChunks(aiSdk(), ['{"error":{"message":"Invalid API key"}}']).outcome).toMatchObject({
      phase: 'error',
      error: { kind: 'server', message: 'Invalid API key' },
    });
  });
});
