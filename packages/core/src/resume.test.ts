import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenStream, openaiResponses, sse } from './index.js';
import type { StreamPhase, StreamSnapshot, TokenStreamOptions } from './types.js';
import {
  bytesOfEvents,
  encodeEvent,
  startResumableServer,
  type ConnectionPlan,
  type RecordedEvent,
} from './test-support/resumable-server.js';
import { closeLoopbackServers, contentTypes, delay, startLoopbackServer, startStream } from './testing/loopback-server.js';
import { immediateSchedule, recordSnapshots } from './testing/manual-schedule.js';

afterEach(async () => {
  await closeLoopbackServers();
});

const chunk = (value: unknown) => JSON.stringify(value);

/** An AI SDK UI message stream with every kind of part and multi-byte text, one id per event. */
const aiSdkEvents: readonly RecordedEvent[] = [
  chunk({ type: 'start' }),
  chunk({ type: 'reasoning-start', id: 'r1' }),
  chunk({ type: 'reasoning-delta', id: 'r1', delta: 'Thinking é ' }),
  chunk({ type: 'reasoning-delta', id: 'r1', delta: 'about 日本語' }),
  chunk({ type: 'reasoning-end', id: 'r1' }),
  chunk({ type: 'text-start', id: 't1' }),
  chunk({ type: 'text-delta', id: 't1', delta: 'Hello ' }),
  chunk({ type: 'text-delta', id: 't1', delta: 'wörld 😀' }),
  chunk({ type: 'text-end', id: 't1' }),
  chunk({ type: 'tool-input-start', toolCallId: 'call_1', toolName: 'get_weather' }),
  chunk({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' }),
  chunk({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Paris"}' }),
  chunk({ type: 'tool-input-available', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } }),
  chunk({ type: 'tool-output-available', toolCallId: 'call_1', output: { celsius: 20 } }),
  chunk({ type: 'text-start', id: 't2' }),
  chunk({ type: 'text-delta', id: 't2', delta: 'It is — ' }),
  chunk({ type: 'text-delta', id: 't2', delta: 'warm\nand dry.' }),
  chunk({ type: 'text-end', id: 't2' }),
  chunk({ type: 'source-url', sourceId: 's1', url: 'https://example.com/weather', title: 'Weather' }),
  chunk({ type: 'finish', finishReason: 'stop' }),
  '[DONE]',
].map((data, index) => ({ id: String(index), data }));

const aiSdkHeaders = { 'x-vercel-ai-ui-message-stream': 'v1' };
/** The `finish` chunk ends the AI SDK stream (`[DONE]` after it is a courtesy): cuts after it change nothing. */
const bytesBeforeFinish = bytesOfEvents(aiSdkEvents, aiSdkEvents.length - 1);
const fastOptions: TokenStreamOptions = { schedule: immediateSchedule, reconnect: { delay: () => 0 } };

function resumableAiSdk(plans: readonly ConnectionPlan[], extra: { ignoreLastEventId?: boolean } = {}) {
  return startResumableServer({ events: aiSdkEvents, plans, headers: aiSdkHeaders, ...extra });
}

async function uncut(): Promise<StreamSnapshot> {
  const server = await resumableAiSdk([]);
  const snapshot = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
  await server.close();
  return snapshot;
}

/** What a resumed run must equal: the uncut run's message, each piece once. */
function messageOf(snapshot: StreamSnapshot) {
  return {
    phase: snapshot.phase,
    error: snapshot.error,
    text: snapshot.text,
    parts: snapshot.parts,
    finishReason: snapshot.finishReason,
    cursor: snapshot.cursor,
    tokens: snapshot.metrics.tokens,
  };
}

/** The id of the last event wholly inside the first `bytes` bytes. */
function lastWholeEventId(events: readonly RecordedEvent[], bytes: number): string | undefined {
  let last: string | undefined;
  for (let count = 1; count <= events.length; count += 1) {
    if (bytesOfEvents(events, count) > bytes) break;
    last = events[count - 1]?.id;
  }
  return last;
}

describe('a GET that drops resumes with Last-Event-ID', () => {
  it('gives exactly the uncut message wherever the connection is cut (property over the cut point)', async () => {
    const expected = messageOf(await uncut());
    expect(expected.phase).toBe('done');
    expect(expected.parts.map((part) => part.type)).toEqual(['reasoning', 'text', 'tool', 'text', 'source']);
    const firstEventEnd = bytesOfEvents(aiSdkEvents, 1);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: firstEventEnd, max: bytesBeforeFinish - 1 }),
        fc.constantFrom('reset' as const, 'end' as const),
        async (afterBytes, how) => {
          const server = await resumableAiSdk([{ kind: 'cut', afterBytes, how }]);
          const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat?q=1` }).start();
          expect(messageOf(final)).toEqual(expected);
          expect(final.metrics.reconnects).toBe(1);
          expect(server.requests.map((request) => request.path)).toEqual(['/chat?q=1', '/chat?q=1']);
          expect(server.requests[0]?.headers['last-event-id']).toBeUndefined();
          expect(server.requests[1]?.headers['last-event-id']).toBe(lastWholeEventId(aiSdkEvents, afterBytes));
          await server.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  const encoded = new TextEncoder().encode(aiSdkEvents.map(encodeEvent).join(''));
  const emojiAt = encoded.findIndex((byte) => byte === 0xf0);
  const insideEventAt = bytesOfEvents(aiSdkEvents, 10) + 12;
  it.each([
    ['inside a four-byte character', emojiAt + 2],
    ['inside an event', insideEventAt],
    ['right after an event', bytesOfEvents(aiSdkEvents, 7)],
    ['one byte before the finish chunk ends', bytesBeforeFinish - 1],
  ])('is exact when cut %s', async (_where, afterBytes) => {
    const expected = messageOf(await uncut());
    for (const how of ['reset', 'end'] as const) {
      const server = await resumableAiSdk([{ kind: 'cut', afterBytes, how }]);
      const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
      expect(messageOf(final)).toEqual(expected);
      expect(server.requests).toHaveLength(2);
      await server.close();
    }
  });

  it('survives two drops in a row and publishes reconnecting between them', async () => {
    const expected = messageOf(await uncut());
    const server = await resumableAiSdk([
      { kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 7) + 5, how: 'reset' },
      { kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents.slice(7), 2) + 3, how: 'end' },
    ]);
    const stream = createTokenStream({ ...fastOptions, url: `${server.url}/chat` });
    const { snapshots } = recordSnapshots(stream);
    const final = await stream.start();
    expect(messageOf(final)).toEqual(expected);
    expect(final.metrics.reconnects).toBe(2);
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual([undefined, '6', '8']);
    const phases = snapshots.map((snapshot) => snapshot.phase).filter((phase, index, all) => phase !== all[index - 1]);
    // A flush publishes the latest phase, so a short-lived `streaming` between the drops may never show.
    expect(phases.slice(0, 3)).toEqual<StreamPhase[]>(['connecting', 'streaming', 'reconnecting']);
    expect(phases.at(-1)).toBe('done');
    expect(new Set(phases)).toEqual(new Set<StreamPhase>(['connecting', 'streaming', 'reconnecting', 'done']));
    // Everything received before a drop is on screen while reconnecting.
    const firstReconnecting = snapshots.find((snapshot) => snapshot.phase === 'reconnecting');
    expect(firstReconnecting?.text).toBe('Hello ');
  });

  it('yields no duplicate from a server that replays from the start', async () => {
    const expected = messageOf(await uncut());
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 16) + 3, how: 'reset' }], {
      ignoreLastEventId: true,
    });
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
    expect(messageOf(final)).toEqual(expected);
    expect(server.requests[1]?.headers['last-event-id']).toBe('15');
  });

  it('skips events that repeat an id (duplicate ids on one connection)', async () => {
    const expected = messageOf(await uncut());
    const withDuplicates = aiSdkEvents.flatMap((event, index) => (index % 3 === 2 ? [event, event] : [event]));
    const server = await startResumableServer({ events: withDuplicates, plans: [], headers: aiSdkHeaders });
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
    expect(messageOf(final)).toEqual(expected);
    expect(server.requests).toHaveLength(1);
  });

  it('skips repeated opaque ids too', async () => {
    const events: RecordedEvent[] = ['a', 'b', 'c', 'd'].map((token) => ({ id: `evt_${token}`, data: token }));
    const server = await startResumableServer({ events, plans: [{ kind: 'cut', afterBytes: bytesOfEvents(events, 2) + 4, how: 'reset' }], ignoreLastEventId: true });
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/tokens`, protocol: sse() }).start();
    expect(final.text).toBe('abcd');
    expect(final.phase).toBe('done');
    expect(server.requests[1]?.headers['last-event-id']).toBe('evt_b');
  });

  it('ends as a drop did before when the server sent no ids (nothing to resume from)', async () => {
    const events: RecordedEvent[] = ['one ', 'two ', 'three'].map((data) => ({ data }));
    const server = await startResumableServer({ events, plans: [{ kind: 'cut', afterBytes: bytesOfEvents(events, 2), how: 'reset' }] });
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/tokens`, protocol: sse() }).start();
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe('network');
    expect(final.text).toBe('one two ');
    expect(final.metrics.reconnects).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('does not reconnect with reconnect: false', async () => {
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 8), how: 'reset' }]);
    const final = await createTokenStream({ ...fastOptions, reconnect: false, url: `${server.url}/chat` }).start();
    expect(final.error?.kind).toBe('network');
    expect(final.text).toBe('Hello wörld 😀');
    expect(server.requests).toHaveLength(1);
  });

  it('stops after its attempts and keeps the text', async () => {
    const cut: ConnectionPlan = { kind: 'cut', afterBytes: 1, how: 'reset' };
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 7), how: 'reset' }, cut, cut, cut]);
    const final = await createTokenStream({ ...fastOptions, reconnect: { attempts: 3, delay: () => 0 }, url: `${server.url}/chat` }).start();
    expect(final.error?.kind).toBe('network');
    expect(final.metrics.reconnects).toBe(3);
    expect(final.text).toBe('Hello ');
    expect(server.requests).toHaveLength(4);
  });
});

describe('a request with a body', () => {
  it('is never sent twice without resume: one POST, ends incomplete with the text kept', async () => {
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 8), how: 'end' }]);
    const final = await createTokenStream({
      ...fastOptions,
      reconnect: { attempts: 5, delay: () => 0 },
      url: `${server.url}/chat`,
      init: { method: 'POST', body: JSON.stringify({ prompt: 'weather?' }) },
    }).start();
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe('incomplete');
    expect(final.text).toBe('Hello wörld 😀');
    expect(final.metrics.reconnects).toBe(0);
    expect(server.requests.map((request) => [request.method, request.body])).toEqual([['POST', '{"prompt":"weather?"}']]);
  });

  it('resumes through resume(cursor, snapshot), whose init replaces the original', async () => {
    const expected = messageOf(await uncut());
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 11) + 9, how: 'reset' }]);
    const calls: Array<{ cursor: string | null; text: string; phase: StreamPhase }> = [];
    const final = await createTokenStream({
      ...fastOptions,
      url: `${server.url}/chat`,
      init: { method: 'POST', body: '{"prompt":"weather?"}', headers: { 'x-secret': 'original' } },
      resume: (cursor, snapshot) => {
        calls.push({ cursor, text: snapshot.text, phase: snapshot.phase });
        return { url: `${server.url}/chat/abc/stream`, init: { headers: { 'Last-Event-ID': cursor ?? '' } } };
      },
    }).start();
    expect(messageOf(final)).toEqual(expected);
    expect(calls).toEqual([{ cursor: '10', text: 'Hello wörld 😀', phase: 'reconnecting' }]);
    expect(server.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', '/chat', '{"prompt":"weather?"}'],
      ['GET', '/chat/abc/stream', ''],
    ]);
    expect(server.requests[1]?.headers['x-secret']).toBeUndefined();
  });

  it.each([
    ['resume() returning null', null, 'incomplete'],
    ['a 204 on resume', { kind: 'status', status: 204 } as const, 'incomplete'],
    ['a 500 on resume', { kind: 'status', status: 500 } as const, 'http'],
  ])('ends on %s with the text kept', async (_case, secondConnection, kind) => {
    const plans: ConnectionPlan[] = [{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 8), how: 'reset' }];
    if (secondConnection !== null) plans.push(secondConnection);
    const server = await resumableAiSdk(plans);
    const final = await createTokenStream({
      ...fastOptions,
      url: `${server.url}/chat`,
      init: { method: 'POST', body: '{}' },
      resume: () => (secondConnection === null ? null : { url: `${server.url}/resume` }),
    }).start();
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe(kind);
    if (kind === 'http') expect(final.error?.status).toBe(500);
    expect(final.text).toBe('Hello wörld 😀');
    expect(final.metrics.reconnects).toBe(1);
    expect(server.requests).toHaveLength(secondConnection === null ? 1 : 2);
  });
});

describe('answers are never retried', () => {
  it.each([
    ['a server error event', chunk({ type: 'error', errorText: 'overloaded' }), 'server'],
    ['an AI SDK abort chunk', chunk({ type: 'abort', reason: 'stopped' }), 'incomplete'],
  ])('%s ends the run after one request', async (_case, data, kind) => {
    const events = [...aiSdkEvents.slice(0, 8), { id: '8', data }];
    const server = await startResumableServer({ events, plans: [], headers: aiSdkHeaders });
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
    expect(final.error?.kind).toBe(kind);
    expect(final.text).toBe('Hello wörld 😀');
    expect(server.requests).toHaveLength(1);
  });

  it('an HTTP error on the first request', async () => {
    const server = await resumableAiSdk([{ kind: 'status', status: 503 }]);
    const final = await createTokenStream({ ...fastOptions, url: `${server.url}/chat` }).start();
    expect(final.error).toMatchObject({ kind: 'http', status: 503 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('while reconnecting', () => {
  it('abort() stops at once: the pending attempt is cancelled and no request follows', async () => {
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 8), how: 'reset' }]);
    const delays: number[] = [];
    const stream = createTokenStream({
      schedule: immediateSchedule,
      url: `${server.url}/chat`,
      reconnect: { delay: (attempt) => (delays.push(attempt), 40) },
    });
    const { snapshots } = recordSnapshots(stream);
    const finished = stream.start();
    await new Promise<void>((resolve) => {
      const unsubscribe = stream.subscribe(() => {
        if (stream.getSnapshot().phase === 'reconnecting') {
          unsubscribe();
          resolve();
        }
      });
    });
    stream.abort();
    const final = await finished;
    expect(final.phase).toBe('aborted');
    expect(final.text).toBe('Hello wörld 😀');
    // Longer than the attempt's delay: had its timer survived, the request would be here by now.
    await delay(120);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([1]);
    expect(snapshots.at(-1)?.phase).toBe('aborted');
  });

  it('timeouts.total covers every attempt (it does not restart)', async () => {
    const events = aiSdkEvents;
    let connection = 0;
    const server = await startLoopbackServer(async (request, response) => {
      connection += 1;
      startStream(response, contentTypes.sse, aiSdkHeaders);
      const after = request.headers['last-event-id'];
      const start = after === undefined ? 0 : Number(after) + 1;
      const remaining = events.slice(start);
      if (connection === 1) {
        // 200 ms of answer, then a reset.
        for (const event of remaining.slice(0, 4)) {
          response.write(encodeEvent(event));
          await delay(50);
        }
        response.socket?.destroy();
        return;
      }
      // The rest, slowly: alone it fits in the total timeout, after the first attempt it cannot.
      for (const event of remaining) {
        if (response.destroyed) return;
        response.write(encodeEvent(event));
        await delay(15);
      }
      response.end();
    });
    const final = await createTokenStream({
      ...fastOptions,
      url: `${server.url}/chat`,
      timeouts: { total: 300, idle: 250, firstToken: 250 },
    }).start();
    expect(final.error).toMatchObject({ kind: 'timeout', timeout: 'total' });
    expect(final.metrics.reconnects).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(final.text.startsWith('Hello')).toBe(true);
  });
});

describe('OpenAI Responses', () => {
  const deltas = ['Resumed ', 'by ', 'sequence ', 'number ', '✓'];
  const responseEvents = [
    { type: 'response.created', response: { id: 'resp_1' } },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg_1' } },
    ...deltas.map((delta) => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta })),
    { type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [] } },
  ].map((payload, sequence_number) => `event: ${payload.type}\ndata: ${JSON.stringify({ ...payload, sequence_number })}\n\n`);

  it('resumes with starting_after from sequence_number (no SSE ids), each delta once', async () => {
    let connection = 0;
    const server = await startLoopbackServer((request, response) => {
      connection += 1;
      startStream(response, contentTypes.sse);
      const startingAfter = new URL(request.url ?? '/', 'http://x').searchParams.get('starting_after');
      // A lazy server: it overlaps by one event, which the cursor rule must absorb.
      const from = startingAfter === null ? 0 : Number(startingAfter);
      const events = responseEvents.slice(from);
      if (connection === 1) {
        response.write(events.slice(0, 4).join('') + events[4]?.slice(0, 30), () => response.socket?.destroy());
        return;
      }
      response.end(events.join(''));
    });
    const cursors: Array<string | null> = [];
    const final = await createTokenStream({
      ...fastOptions,
      url: `${server.url}/v1/responses`,
      init: { method: 'POST', body: '{"stream":true}' },
      protocol: openaiResponses(),
      resume: (cursor) => {
        cursors.push(cursor);
        return { url: `${server.url}/v1/responses/resp_1?stream=true&starting_after=${cursor}` };
      },
    }).start();
    expect(final.phase).toBe('done');
    expect(final.text).toBe(deltas.join(''));
    expect(final.cursor).toBe(String(responseEvents.length - 1));
    expect(cursors).toEqual(['3']);
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });
});

describe('per-attempt timeouts', () => {
  it('firstToken restarts for the resumed attempt', async () => {
    const server = await resumableAiSdk([{ kind: 'cut', afterBytes: bytesOfEvents(aiSdkEvents, 8), how: 'reset' }, { kind: 'stall' }]);
    const final = await createTokenStream({
      ...fastOptions,
      url: `${server.url}/chat`,
      timeouts: { firstToken: 150, total: 20_000 },
    }).start();
    expect(final.error).toMatchObject({ kind: 'timeout', timeout: 'firstToken' });
    expect(final.metrics.reconnects).toBe(1);
    expect(final.text).toBe('Hello wörld 😀');
  });
});
