import { afterEach, describe, expect, it } from 'vitest';
import { aiSdk } from '../index.js';
import { closeLoopbackServers, contentTypes, serveChunks } from '../test-support/loopback-server.js';
import { aiSdkRecording } from '../test-support/recorded-streams.js';
import { runToEnd } from '../test-support/run-stream.js';

afterEach(closeLoopbackServers);

const part = (value: Record<string, unknown>) => `data: ${JSON.stringify(value)}\n\n`;
const uiStreamHeaders = { 'x-vercel-ai-ui-message-stream': 'v1' };

describe('aiSdk() (ai v7 UI message stream)', () => {
  it('streams text-delta tokens, turns data-* parts into status and ends at finish + [DONE]', async () => {
    const server = await serveChunks(contentTypes.sse, [aiSdkRecording.bytes], { headers: uiStreamHeaders });
    const { snapshot } = await runToEnd({ url: server.url, protocol: aiSdk() });
    expect(snapshot.text).toBe(aiSdkRecording.expected.text);
    expect(snapshot.phase).toBe('done');
    // The contract: data-* ⇒ status(type, data), with the part's own type.
    expect(snapshot.status).toEqual({ type: 'data-weather', data: { city: 'Zürich', degrees: 21 } });
  });

  it('ignores part types it does not know (reasoning, tool, source, step markers)', async () => {
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
