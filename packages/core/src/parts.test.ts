import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenStream, sse } from './index.js';
import type { ActionSink, MessagePart, PartStart, Protocol, StreamAction, StreamSnapshot, TokenStream } from './types.js';
import { createGate, settleMicrotasks } from './test-support/gate.js';
import { closeLoopbackServers, contentTypes, startLoopbackServer, startStream } from './testing/loopback-server.js';
import { createManualSchedule, flushUntilSettled, type ManualSchedule } from './testing/manual-schedule.js';

afterEach(closeLoopbackServers);

/**
 * A custom protocol that calls the sink's part operations directly: each line is one JSON
 * array `[operation, ...arguments]`, e.g. `["append","r1","think"]`. Counts the characters it
 * was fed, so a test knows when a write has been parsed.
 */
function partOperationsProtocol() {
  let fedCharacters = 0;
  const protocol: Protocol = {
    name: 'part-operations',
    createParser(sink: ActionSink) {
      let buffered = '';
      const run = (line: string) => {
        if (line === '') return;
        const [operation, ...args] = JSON.parse(line) as [keyof ActionSink, ...unknown[]];
        (sink[operation] as (...values: unknown[]) => void)(...args);
      };
      return {
        feed(text) {
          fedCharacters += text.length;
          buffered += text;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) run(line);
        },
        end() {
          run(buffered);
          sink.done();
        },
      };
    },
  };
  return { protocol, fedCharacters: () => fedCharacters };
}

const line = (...operation: unknown[]) => `${JSON.stringify(operation)}\n`;

/** A server whose single response the test writes by hand, and a stream reading it. */
async function openHandWrittenStream(options: { protocol?: Protocol; contentType?: string } = {}) {
  const custom = partOperationsProtocol();
  let written = 0;
  let responseReady!: (response: ServerResponse) => void;
  const response = new Promise<ServerResponse>((resolve) => (responseReady = resolve));
  const finishResponse = createGate();
  const server = await startLoopbackServer(async (_request, serverResponse) => {
    startStream(serverResponse, options.contentType ?? contentTypes.text);
    responseReady(serverResponse);
    await finishResponse.opened;
  });
  const manual = createManualSchedule();
  const stream = createTokenStream({ url: server.url, protocol: options.protocol ?? custom.protocol, schedule: manual.schedule });
  const run = stream.start();
  const open = await response;

  return {
    stream,
    manual,
    run,
    server,
    response: open,
    /** Writes `chunk` and waits until the custom protocol has parsed it. */
    async write(chunk: string) {
      open.write(chunk);
      written += chunk.length;
      await vi.waitFor(() => expect(custom.fedCharacters()).toBe(written), { timeout: 10_000, interval: 2 });
    },
    /** Writes `chunk` and waits for the engine to have read that many more bytes (any protocol). */
    async writeAndWaitForBytes(chunk: string) {
      const before = stream.getSnapshot().metrics.bytes;
      open.write(chunk);
      await vi.waitFor(
        () => {
          manual.flush();
          expect(stream.getSnapshot().metrics.bytes).toBe(before + Buffer.byteLength(chunk));
        },
        { timeout: 10_000, interval: 2 },
      );
    },
    end() {
      open.end();
      finishResponse.open();
    },
  };
}

function flushNow(stream: TokenStream, manual: ManualSchedule): StreamSnapshot {
  manual.flush();
  return stream.getSnapshot();
}

function partById(snapshot: StreamSnapshot, id: string): MessagePart {
  const part = snapshot.parts.find((candidate) => candidate.id === id);
  if (!part) throw new Error(`no part ${id} in ${JSON.stringify(snapshot.parts)}`);
  return part;
}

describe('parts through a custom protocol that calls every sink operation', () => {
  it('opens parts in arrival order; token() opens a generated text part after a non-text part', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(line('start', { type: 'reasoning', id: 'r1' }) + line('append', 'r1', 'think') + line('token', 'Hello'));
    const first = flushNow(hand.stream, hand.manual);
    expect(first.parts).toEqual([
      { type: 'reasoning', id: 'r1', text: 'think', state: 'streaming' },
      { type: 'text', id: 'text-1', text: 'Hello', state: 'streaming' },
    ]);
    expect(first.text).toBe('Hello');
    hand.end();
    await flushUntilSettled(hand.manual, hand.run);
  });

  it('replaces only the part objects that changed; every other part keeps its identity', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(
      line('start', { type: 'reasoning', id: 'r1' }) +
        line('append', 'r1', 'think') +
        line('end', 'r1') +
        line('start', { type: 'tool', id: 't1', name: 'search' }) +
        line('start', { type: 'text', id: 'answer' }) +
        line('token', 'Hel'),
    );
    const first = flushNow(hand.stream, hand.manual);
    expect(first.parts.map((part) => part.id)).toEqual(['r1', 't1', 'answer']);

    await hand.write(line('token', 'lo'));
    const second = flushNow(hand.stream, hand.manual);
    expect(second.parts).not.toBe(first.parts);
    expect(second.parts[0]).toBe(first.parts[0]);
    expect(second.parts[1]).toBe(first.parts[1]);
    expect(second.parts[2]).not.toBe(first.parts[2]);
    expect(second.parts[2]).toEqual({ type: 'text', id: 'answer', text: 'Hello', state: 'streaming' });
    expect(first.parts[2]).toEqual({ type: 'text', id: 'answer', text: 'Hel', state: 'streaming' });

    // A status update alone keeps the parts array itself.
    await hand.write(line('status', 'progress', { step: 1 }));
    const third = flushNow(hand.stream, hand.manual);
    expect(third.status).toEqual({ type: 'progress', data: { step: 1 } });
    expect(third.parts).toBe(second.parts);

    hand.end();
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.parts[1]).toBe(second.parts[1]);
  });

  it('collapses replacements of one part within a flush to the latest and counts each collapsed one in droppedStatus', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(
      line('start', { type: 'tool', id: 't1', name: 'weather' }) +
        line('append', 't1', '{"city":') +
        line('append', 't1', '"Paris"}') +
        line('replace', 't1', { state: 'input-available', input: { city: 'Paris' } }) +
        line('replace', 't1', { state: 'output-available', output: { degrees: 21 }, preliminary: true }) +
        line('replace', 't1', { output: { degrees: 22 } }),
    );
    const snapshot = flushNow(hand.stream, hand.manual);
    expect(snapshot.parts).toEqual([
      {
        type: 'tool',
        id: 't1',
        name: 'weather',
        inputText: '{"city":"Paris"}',
        input: { city: 'Paris' },
        output: { degrees: 22 },
        preliminary: true,
        state: 'output-available',
      },
    ]);
    expect(snapshot.metrics.droppedStatus).toBe(2);

    // A replacement in a later flush is not a collapse.
    await hand.write(line('replace', 't1', { preliminary: undefined, output: { degrees: 23 } }));
    const later = flushNow(hand.stream, hand.manual);
    expect(later.metrics.droppedStatus).toBe(2);
    expect(partById(later, 't1')).toMatchObject({ output: { degrees: 23 }, state: 'output-available' });
    hand.end();
    await flushUntilSettled(hand.manual, hand.run);
  });

  it('ignores operations on an unknown id and counts them (and ignore()) in ignoredEvents, never fatal', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(
      line('token', 'kept') +
        line('append', 'nobody', 'lost') +
        line('replace', 'nobody', { state: 'done' }) +
        line('end', 'nobody') +
        line('ignore') +
        line('start', { type: 'source', id: 's1', url: 'https://example.com/' }) +
        line('append', 's1', 'a source has no text'),
    );
    hand.end();
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.phase).toBe('done');
    expect(final.metrics.ignoredEvents).toBe(5);
    expect(final.parts).toEqual([
      { type: 'text', id: 'text-1', text: 'kept', state: 'done' },
      { type: 'source', id: 's1', url: 'https://example.com/' },
    ]);
  });

  it('joins the texts of text parts with a blank line, and readText() reads ranges of that text', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(line('token', 'Let me check.'));
    expect(flushNow(hand.stream, hand.manual).text).toBe('Let me check.');
    await hand.write(
      line('start', { type: 'tool', id: 't1', name: 'search', state: 'input-available', input: {} }) +
        line('replace', 't1', { state: 'output-available', output: 'sunny' }) +
        line('token', 'It is '),
    );
    const middle = flushNow(hand.stream, hand.manual);
    expect(middle.parts.map((part) => part.id)).toEqual(['text-1', 't1', 'text-2']);
    expect(middle.text).toBe('Let me check.\n\nIt is ');
    await hand.write(line('token', 'sunny.') + line('start', { type: 'text', id: 'p.s.', text: 'P.S. ' }) + line('append', 'p.s.', 'bye'));
    const last = flushNow(hand.stream, hand.manual);
    expect(last.text).toBe('Let me check.\n\nIt is sunny.\n\nP.S. bye');
    for (let start = 0; start <= last.text.length; start += 3) {
      expect(hand.stream.readText(start, start + 7)).toBe(last.text.slice(start, start + 7));
    }
    // Replacing an earlier text part's text re-joins.
    await hand.write(line('replace', 'text-1', { text: 'Checked.' }));
    const replaced = flushNow(hand.stream, hand.manual);
    expect(replaced.text).toBe('Checked.\n\nIt is sunny.\n\nP.S. bye');
    expect(hand.stream.readText(0)).toBe(replaced.text);
    hand.end();
    await flushUntilSettled(hand.manual, hand.run);
  });

  it('at done, every still-streaming text and reasoning part becomes done; finishReason and cursor are published', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(
      line('start', { type: 'reasoning', id: 'r1', text: 'hmm' }) +
        line('token', 'answer') +
        line('start', { type: 'tool', id: 't1', name: 'lookup' }) +
        line('cursor', 'event-7') +
        line('finish', 'length'),
    );
    const streaming = flushNow(hand.stream, hand.manual);
    expect(streaming.finishReason).toBe('length');
    expect(streaming.cursor).toBe('event-7');
    expect(partById(streaming, 'r1')).toMatchObject({ state: 'streaming' });
    hand.end();
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.phase).toBe('done');
    expect(final.parts).toEqual([
      { type: 'reasoning', id: 'r1', text: 'hmm', state: 'done' },
      { type: 'text', id: 'text-1', text: 'answer', state: 'done' },
      { type: 'tool', id: 't1', name: 'lookup', inputText: '', state: 'input-streaming' },
    ]);
    // A tool part is not a text part: it keeps its identity at done.
    expect(final.parts[2]).toBe(streaming.parts[2]);
    expect(final.finishReason).toBe('length');
    expect(final.cursor).toBe('event-7');
  });

  it('after end(id), token() opens a new text part', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(line('token', 'one') + line('end', 'text-1') + line('token', 'two'));
    hand.end();
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.parts.map((part) => [part.id, part.type === 'text' && part.text])).toEqual([
      ['text-1', 'one'],
      ['text-2', 'two'],
    ]);
    expect(final.text).toBe('one\n\ntwo');
  });

  it('a malformed start() is misuse: the run ends with a protocol error that says how to call it, keeping what came before', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(line('token', 'kept') + line('start', { type: 'text' }));
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe('protocol');
    expect(final.error?.message).toContain('sink.start(part) needs');
    expect(final.text).toBe('kept');
  });
});

describe('stop, restart and failure rules hold for parts', () => {
  it('abort(): pending part changes are never painted; their text counts in discardedChars; nothing appears afterwards', async () => {
    const hand = await openHandWrittenStream();
    await hand.write(line('start', { type: 'reasoning', id: 'r1' }) + line('token', 'shown'));
    const shown = flushNow(hand.stream, hand.manual);
    await hand.write(line('append', 'r1', 'hidden') + line('token', ' unseen') + line('start', { type: 'source', id: 's1' }));
    hand.stream.abort();
    const aborted = hand.stream.getSnapshot();
    expect(aborted.phase).toBe('aborted');
    expect(aborted.parts).toBe(shown.parts);
    expect(aborted.text).toBe('shown');
    expect(aborted.metrics.discardedChars).toBe('hidden'.length + ' unseen'.length);
    await hand.server.requests[0]?.closed;
    hand.manual.flush();
    expect(hand.stream.getSnapshot()).toBe(aborted);
    expect((await hand.run).parts).toBe(shown.parts);
  });

  it('a superseded run writes into no part of the new one', async () => {
    const first = await openHandWrittenStream();
    await first.write(line('start', { type: 'reasoning', id: 'old' }) + line('token', 'old text'));
    flushNow(first.stream, first.manual);

    const secondServer = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      response.end(line('start', { type: 'reasoning', id: 'new' }) + line('token', 'new text'));
    });
    const second = first.stream.start({ url: secondServer.url });
    expect(first.stream.getSnapshot().parts).toEqual([]);
    // The first server keeps writing into its (aborted) connection.
    first.response.write(line('append', 'old', ' more') + line('token', ' more old'));
    const final = await flushUntilSettled(first.manual, second);
    expect(final.parts).toEqual([
      { type: 'reasoning', id: 'new', text: '', state: 'done' },
      { type: 'text', id: 'text-1', text: 'new text', state: 'done' },
    ]);
    expect((await first.run).phase).toBe('aborted');
  });

  const partsBeforeFailure =
    line('start', { type: 'reasoning', id: 'r1', text: 'thinking' }) +
    line('token', 'partial answer') +
    line('start', { type: 'tool', id: 't1', name: 'search', inputText: '{"q":' });

  function expectEveryPartWithTheError(final: StreamSnapshot, kind: string, published: readonly StreamSnapshot[]) {
    expect(final.phase).toBe('error');
    expect(final.error?.kind).toBe(kind);
    expect(final.parts.map((part) => part.id)).toEqual(['r1', 'text-1', 't1']);
    expect(final.text).toBe('partial answer');
    expect(partById(final, 't1')).toMatchObject({ inputText: '{"q":' });
    // The parts and the error arrive in one snapshot.
    expect(published.filter((snapshot) => snapshot.parts.length > 0)).toEqual([final]);
  }

  it('a server error publishes every part received before it, together with the error', async () => {
    const hand = await openHandWrittenStream();
    const published: StreamSnapshot[] = [];
    hand.stream.subscribe(() => published.push(hand.stream.getSnapshot()));
    await hand.write(partsBeforeFailure + line('error', 'server', 'boom'));
    // The engine aborts its request as it records the failure: the close proves it is pending.
    await hand.server.requests[0]?.closed;
    await settleMicrotasks();
    hand.manual.flush();
    expectEveryPartWithTheError(await hand.run, 'server', published);
  });

  it('a network failure publishes every part received before it, together with the error', async () => {
    const parsed = createGate();
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.text);
      response.write(partsBeforeFailure);
      await parsed.opened;
      response.destroy();
    });
    let bodyFailed = false;
    // Passes the body through and notes when reading it fails, so the test flushes only after that.
    const observingFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { done, value } = await reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          } catch (error) {
            bodyFailed = true;
            controller.error(error);
          }
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const manual = createManualSchedule();
    const custom = partOperationsProtocol();
    const stream = createTokenStream({ url: server.url, fetch: observingFetch, protocol: custom.protocol, schedule: manual.schedule });
    const published: StreamSnapshot[] = [];
    stream.subscribe(() => published.push(stream.getSnapshot()));
    const run = stream.start();
    await vi.waitFor(() => expect(custom.fedCharacters()).toBe(partsBeforeFailure.length), { timeout: 10_000, interval: 2 });
    parsed.open();
    await vi.waitFor(() => expect(bodyFailed).toBe(true), { timeout: 10_000, interval: 2 });
    await settleMicrotasks();
    manual.flush();
    expectEveryPartWithTheError(await run, 'network', published);
  });
});

describe('parts through sse({ map }) returning the new actions', () => {
  it('maps events to start, append, replace, end, finish and cursor actions', async () => {
    const map = (event: { event?: string | undefined; data: string; id?: string | undefined }): StreamAction[] => {
      const payload = JSON.parse(event.data) as { id: string; text?: string; name?: string; output?: unknown; reason?: string };
      // The cursor first: nothing after `done` is applied.
      const actions: StreamAction[] = event.id === undefined ? [] : [{ type: 'cursor', id: event.id }];
      if (event.event === 'tool-start') actions.push({ type: 'start', part: { type: 'tool', id: payload.id, name: payload.name ?? '' } satisfies PartStart });
      if (event.event === 'tool-input') actions.push({ type: 'append', id: payload.id, text: payload.text ?? '' });
      if (event.event === 'tool-output') actions.push({ type: 'replace', id: payload.id, fields: { state: 'output-available', output: payload.output } });
      if (event.event === 'text') actions.push({ type: 'start', part: { type: 'text', id: payload.id, text: payload.text ?? '' } });
      if (event.event === 'text-end') actions.push({ type: 'end', id: payload.id });
      if (event.event === 'finish') actions.push({ type: 'finish', reason: 'tool-calls' }, { type: 'done' });
      if (event.event === 'unknown') actions.push({ type: 'ignore' });
      return actions;
    };
    const events = [
      'event: tool-start\nid: 1\ndata: {"id":"call-1","name":"weather"}\n\n',
      'event: tool-input\nid: 2\ndata: {"id":"call-1","text":"{\\"city\\":\\"Oslo\\"}"}\n\n',
      'event: tool-output\nid: 3\ndata: {"id":"call-1","output":{"degrees":4}}\n\n',
      'event: unknown\nid: 4\ndata: {"id":"x"}\n\n',
      'event: text\nid: 5\ndata: {"id":"t","text":"Cold."}\n\n',
      'event: text-end\nid: 6\ndata: {"id":"t"}\n\n',
      'event: finish\nid: 7\ndata: {"id":"end"}\n\n',
    ];
    const hand = await openHandWrittenStream({ protocol: sse({ map }), contentType: contentTypes.sse });
    for (const event of events.slice(0, 3)) await hand.writeAndWaitForBytes(event);
    const beforeText = hand.stream.getSnapshot();
    for (const event of events.slice(3)) hand.response.write(event);
    hand.end();
    const final = await flushUntilSettled(hand.manual, hand.run);
    expect(final.phase).toBe('done');
    expect(final.parts).toEqual([
      { type: 'tool', id: 'call-1', name: 'weather', inputText: '{"city":"Oslo"}', output: { degrees: 4 }, state: 'output-available' },
      { type: 'text', id: 't', text: 'Cold.', state: 'done' },
    ]);
    expect(final.parts[0]).toBe(beforeText.parts[0]);
    expect(final.text).toBe('Cold.');
    expect(final.finishReason).toBe('tool-calls');
    expect(final.cursor).toBe('7');
    expect(final.metrics.ignoredEvents).toBe(1);
  });
});
