import { afterEach, describe, expect, it } from 'vitest';
import { sse } from '../index.js';
import { createInMemoryFetch } from '../test-support/in-memory-fetch.js';
import {
  closeLoopbackServers,
  contentTypes,
  serveChunks,
  startLoopbackServer,
  startStream,
} from '../test-support/loopback-server.js';
import { recordChunks } from '../test-support/record-protocol.js';
import { runToEnd } from '../test-support/run-stream.js';
import type { MappedActions } from './payload.js';

afterEach(closeLoopbackServers);

const encoder = new TextEncoder();

describe('sse() default mapping, over a loopback server', () => {
  it('turns message, token and delta events into tokens with the raw data', async () => {
    const server = await serveChunks(contentTypes.sse, [
      'data: {"not":"parsed"}\n\n',
      'event: token\ndata:  two\n\n',
      'event: delta\ndata: three\n\n',
    ]);
    const { snapshot, tokens } = await runToEnd({ url: server.url, protocol: sse() });
    expect(tokens).toEqual(['{"not":"parsed"}', ' two', 'three']);
    expect(snapshot.text).toBe('{"not":"parsed"} twothree');
    expect(snapshot.phase).toBe('done');
    expect(snapshot.error).toBeNull();
    expect(snapshot.metrics.tokens).toBe(3);
  });

  it('turns other event types into status updates, with JSON data parsed when it is JSON', async () => {
    const server = await serveChunks(contentTypes.sse, [
      'event: progress\ndata: {"step":1}\n\n',
      'data: a\n\n',
      'event: tool\ndata: searching the web\n\n',
    ]);
    const statuses: unknown[] = [];
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse(), onStatus: (status) => statuses.push(status) });
    expect(statuses).toEqual([
      { type: 'progress', data: { step: 1 } },
      { type: 'tool', data: 'searching the web' },
    ]);
    expect(snapshot.status).toEqual({ type: 'tool', data: 'searching the web' });
    expect(snapshot.text).toBe('a');
  });

  it('ends the run with a done event and shows nothing sent after it', async () => {
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.sse);
      response.write('data: kept\n\nevent: done\ndata:\n\ndata: ignored\n\n');
      // The connection stays open: the done event alone must end the run.
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.text).toBe('kept');
    const [request] = server.requests;
    expect(await request?.closed).toEqual({ finished: false });
  });

  it('reports an error event as a server error, keeping the text before it', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: partial answer\n\n', 'event: error\ndata: model overloaded\n\n']);
    const errors: unknown[] = [];
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse(), onError: (error) => errors.push(error) });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'model overloaded' });
    expect(snapshot.text).toBe('partial answer');
    expect(errors).toHaveLength(1);
  });

  it('treats the end of the body as done', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: only\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.phase).toBe('done');
    expect(snapshot.error).toBeNull();
  });

  it('lets map replace the mapping: an action, an array of actions, or nothing', async () => {
    const server = await serveChunks(contentTypes.sse, [
      'event: chunk\ndata: {"t":"Hel"}\n\n',
      'event: chunk\ndata: {"t":"lo"}\n\n',
      'event: noise\ndata: x\n\n',
      'id: 42\nevent: pair\ndata: !\n\n',
      'event: over\ndata: bye\n\n',
      'data: after the end\n\n',
    ]);
    const seen: unknown[] = [];
    const protocol = sse({
      map: (event) => {
        seen.push(event);
        if (event.event === 'chunk') return { type: 'token', text: (JSON.parse(event.data) as { t: string }).t };
        if (event.event === 'pair') {
          return [
            { type: 'token', text: event.data },
            { type: 'status', statusType: 'id', data: event.id },
          ];
        }
        if (event.event === 'over') return { type: 'done' };
        return null;
      },
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol });
    expect(snapshot.text).toBe('Hello!');
    expect(snapshot.status).toEqual({ type: 'id', data: '42' });
    expect(snapshot.phase).toBe('done');
    expect(seen[0]).toMatchObject({ event: 'chunk', data: '{"t":"Hel"}' });
  });
});

describe('sse() framing (WHATWG rules)', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('accepts %s line endings', async (_name, newline) => {
    const body = ['data: one', '', 'event: token', 'data: two', '', 'event: progress', 'data: {"n":1}', '', 'data: three', '', ''].join(newline);
    const server = await serveChunks(contentTypes.sse, [body]);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('onetwothree');
    expect(snapshot.status).toEqual({ type: 'progress', data: { n: 1 } });
  });

  it('treats a CR|LF pair split across two reads as one line ending (loopback, writes spaced apart)', async () => {
    // Read as CR then LF, the blank line would end the event early: "a" and "b" instead of "a\nb".
    const server = await serveChunks(contentTypes.sse, ['data: a\r', '\ndata: b\r\n\r\n'], { spacing: 50 });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('a\nb');
  });

  it('treats a CR|LF pair split across two reads as one line ending (exact read boundaries)', async () => {
    const memory = createInMemoryFetch([encoder.encode('data: a\r'), encoder.encode('\ndata: b\r\n\r\n')]);
    const { snapshot } = await runToEnd({ url: 'http://127.0.0.1/unused', fetch: memory.fetch, protocol: sse() });
    expect(memory.pulls()).toBeGreaterThanOrEqual(2);
    expect(snapshot.text).toBe('a\nb');
  });

  it('skips comments', async () => {
    const server = await serveChunks(contentTypes.sse, [': keep-alive\n\n', 'data: x\n: inside an event\ndata: y\n\n', ':\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('x\ny');
    expect(snapshot.metrics.tokens).toBe(1);
  });

  it('joins multi-line data with LF', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: first line\r\ndata:second line\r\ndata:\r\n\r\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('first line\nsecond line\n');
  });

  it('ignores a leading byte-order mark', async () => {
    const server = await serveChunks(contentTypes.sse, [new Uint8Array([0xef, 0xbb, 0xbf]), 'data: after bom\n\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('after bom');
  });

  it('does not dispatch a last event that lacks its blank line', async () => {
    const server = await serveChunks(contentTypes.sse, ['data: complete\n\n', 'data: cut off']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('complete');
  });

  it('decodes a 4-byte character written one byte per write', async () => {
    const bytes = encoder.encode('data: a🌍b\n\n');
    const oneBytePerWrite = [...bytes].map((byte) => new Uint8Array([byte]));
    const server = await serveChunks(contentTypes.sse, oneBytePerWrite, { spacing: 5 });
    const { snapshot } = await runToEnd({ url: server.url, protocol: sse() });
    expect(snapshot.text).toBe('a🌍b');
    expect(snapshot.metrics.bytes).toBe(bytes.byteLength);
  });
});

describe('sse() part operations, cursor and error bodies (recording sink)', () => {
  it('dispatches every part operation a map function returns', () => {
    const { outcome, recording } = recordChunks(
      sse({
        map: (event): MappedActions => {
          if (event.event === 'think') {
            return [
              { type: 'start', part: { type: 'reasoning', id: 'r' } },
              { type: 'append', id: 'r', text: event.data },
              { type: 'end', id: 'r' },
            ];
          }
          if (event.event === 'tool') {
            return [
              { type: 'start', part: { type: 'tool', id: 'call', name: 'search' } },
              { type: 'append', id: 'call', text: event.data },
              { type: 'replace', id: 'call', fields: { input: JSON.parse(event.data) as unknown, state: 'input-available' } },
            ];
          }
          if (event.event === 'stop') return [{ type: 'finish', reason: 'length' }, { type: 'cursor', id: 'c-9' }, { type: 'done' }];
          if (event.event === 'noise') return { type: 'ignore' };
          return { type: 'token', text: event.data };
        },
      }),
      ['event: think\ndata: hmm\n\n', 'event: tool\ndata: {"q":1}\n\n', 'data: answer\n\n', 'event: noise\ndata: x\n\n', 'event: stop\ndata: \n\n'],
    );
    expect(recording.problems).toEqual([]);
    expect(outcome.parts).toEqual([
      { type: 'reasoning', id: 'r', text: 'hmm', state: 'done' },
      { type: 'tool', id: 'call', name: 'search', inputText: '{"q":1}', input: { q: 1 }, state: 'input-available' },
      { type: 'text', id: 'token-text-1', text: 'answer', state: 'streaming' },
    ]);
    expect(outcome).toMatchObject({ finishReason: 'length', cursor: 'c-9', ignoredEvents: 1, phase: 'done' });
  });

  it('reports the id: field of every event as the cursor (the latest wins)', () => {
    const { outcome } = recordChunks(sse(), ['id: 1\ndata: a\n\n', 'data: b\n\n', 'id: 3\nevent: progress\ndata: {}\n\n']);
    expect(outcome.cursor).toBe('3');
    expect(outcome.text).toBe('ab');
  });

  it('a body that is one JSON error object (no events) is a server error, not an empty done', () => {
    for (const [body, message] of [
      ['{"error":{"message":"Invalid API key","type":"invalid_request_error"}}', 'Invalid API key'],
      ['{"error":"model not loaded"}', 'model not loaded'],
      ['{\r\n  "detail": "Not authenticated"\r\n}', 'Not authenticated'],
      ['{"message":"Too many requests","code":429}', 'Too many requests'],
    ] as const) {
      expect(recordChunks(sse(), [body.slice(0, 7), body.slice(7)]).outcome).toMatchObject({ phase: 'error', error: { kind: 'server', message } });
    }
  });

  it('an empty body, or JSON that is not an error, still ends as done', () => {
    expect(recordChunks(sse(), []).outcome.phase).toBe('done');
    expect(recordChunks(sse(), ['{"ok":true}']).outcome.phase).toBe('done');
  });

  it('an error-looking JSON line after real events is not the JSON-error-body case', () => {
    const { outcome } = recordChunks(sse(), ['data: a\n\n', '{"error":{"message":"late"}}\n']);
    expect(outcome).toMatchObject({ phase: 'done', text: 'a' });
  });
});
