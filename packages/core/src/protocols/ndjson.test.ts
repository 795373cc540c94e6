import { afterEach, describe, expect, it } from 'vitest';
import { ndjson } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks, startLoopbackServer, startStream } from '../test-support/loopback-server.js';
import { runToEnd } from '../test-support/run-stream.js';

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
