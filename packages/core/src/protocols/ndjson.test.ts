import { afterEach, describe, expect, it } from 'vitest';
import { ndjson } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks, startLoopbackServer, startStream } from '../test-support/loopback-server.js';
import { recordChunks } from '../test-support/record-protocol.js';
import { runToEnd } from '../test-support/run-stream.js';
import type { MappedActions } from './payload.js';

afterEach(closeLoopbackServers);

describe('ndjson() default mapping, over a loopback server', () => {
  it('maps strings, token/delta objects, status objects and done', async () => {
    const server = await serveChunks(contentTypes.ndjson, [
      '"Hello"\n',
      '{"type":"token","text":", "}\n',
      '{"type":"delta","delta":"wor"}\n{"type":"token","content":"ld"}\n',
      '{"type":"progress","data":{"step":2}}\n',
      '{"type":"tool","name":"search"}\n',
      '{"type":"done"}\n',
    ]);
    const statuses: unknown[] = [];
    const { snapshot } = await runToEnd({ url: server.url, protocol: ndjson(), onStatus: (status) => statuses.push(status) });
    expect(snapshot.text).toBe('Hello, world');
    expect(statuses).toEqual([
      { type: 'progress', data: { step: 2 } },
      { type: 'tool', data: { type: 'tool', name: 'search' } },
    ]);
    expect(snapshot.status).toEqual({ type: 'tool', data: { type: 'tool', name: 'search' } });
    expect(snapshot.phase).toBe('done');
  });

  it('reports {type:"error"} as a server error with its message', async () => {
    const server = await serveChunks(contentTypes.ndjson, ['"kept"\n', '{"type":"error","message":"quota exceeded"}\n', '"never"\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: ndjson() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error).toMatchObject({ kind: 'server', message: 'quota exceeded' });
    expect(snapshot.text).toBe('kept');
  });

  it('reports an invalid line as a protocol error with the line as excerpt, keeps earlier text and aborts the request', async () => {
    const server = await startLoopbackServer(async (_request, response) => {
      startStream(response, contentTypes.ndjson);
      response.write('"before"\n{not json}\n');
      // Left open: the engine must hang up by itself.
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol: ndjson() });
    expect(snapshot.phase).toBe('error');
    expect(snapshot.error?.kind).toBe('protocol');
    expect(snapshot.error?.excerpt).toContain('{not json}');
    expect(snapshot.text).toBe('before');
    expect(await server.requests[0]?.closed).toEqual({ finished: false });
  });

  it('treats the end of the body as done', async () => {
    const server = await serveChunks(contentTypes.ndjson, ['"a"\n"b"\n']);
    const { snapshot } = await runToEnd({ url: server.url, protocol: ndjson() });
    expect(snapshot.text).toBe('ab');
    expect(snapshot.phase).toBe('done');
  });

  it('lets map replace the mapping', async () => {
    const server = await serveChunks(contentTypes.ndjson, ['{"t":"x"}\n{"t":"y","final":true}\n{"t":"z"}\n']);
    const protocol = ndjson({
      map: (value) => {
        const line = value as { t: string; final?: boolean };
        return line.final ? [{ type: 'token', text: line.t }, { type: 'done' }] : { type: 'token', text: line.t };
      },
    });
    const { snapshot } = await runToEnd({ url: server.url, protocol });
    expect(snapshot.text).toBe('xy');
    expect(snapshot.phase).toBe('done');
  });
});

describe('ndjson({ isTerminal }) and error lines (recording sink)', () => {
  // Ollama's /api/chat: one object per line, the last with done: true.
  const ollamaMap = (line: unknown): MappedActions => {
    const value = line as { message?: { content?: string }; done?: boolean; done_reason?: string };
    if (value.done) return [{ type: 'finish', reason: value.done_reason === 'length' ? 'length' : 'stop' }, { type: 'done' }];
    return value.message?.content ? { type: 'token', text: value.message.content } : null;
  };
  const isTerminal = (line: unknown) => (line as { done?: boolean }).done === true;
  const line = (content: string) => `${JSON.stringify({ model: 'llama', message: { role: 'assistant', content }, done: false })}\n`;

  it('a stream cut before its terminal line is incomplete, text kept', () => {
    const { outcome } = recordChunks(ndjson({ map: ollamaMap, isTerminal }), [line('Hel'), line('lo')]);
    expect(outcome).toMatchObject({ phase: 'error', error: { kind: 'incomplete' }, text: 'Hello' });
  });

  it('a stream that reaches its terminal line is done', () => {
    const { outcome } = recordChunks(ndjson({ map: ollamaMap, isTerminal }), [line('Hi'), '{"done":true,"done_reason":"length"}\n']);
    expect(outcome).toMatchObject({ phase: 'done', finishReason: 'length', text: 'Hi' });
  });

  it('a terminal line the map does not end on still makes the end of the body done', () => {
    const { outcome } = recordChunks(ndjson({ map: () => null, isTerminal }), ['{"done":true}']);
    expect(outcome.phase).toBe('done');
  });

  it('without isTerminal the end of the body is done, as before', () => {
    expect(recordChunks(ndjson({ map: ollamaMap }), [line('x')]).outcome.phase).toBe('done');
  });

  it('the default mapping reads an error-only line (Ollama\'s {"error": …}) as a server error', () => {
    expect(recordChunks(ndjson(), ['"a"\n', '{"error":"model \\"x\\" not found"}\n']).outcome).toMatchObject({
      phase: 'error',
      error: { kind: 'server', message: 'model "x" not found' },
      text: 'a',
    });
  });
});
