import { describe, expect, it } from 'vitest';
import { anthropic } from '../index.js';
import { recordChunks } from '../test-support/record-protocol.js';
import { describeProviderFixtures } from '../test-support/provider-fixture-suite.js';
import { anthropicFixtures } from '../test-support/fixtures/anthropic.js';

describeProviderFixtures('anthropic() on documented Messages API streams (recording sink)', anthropic, anthropicFixtures);

describe('anthropic() edge cases', () => {
  it('a tool block that started with its whole input and no deltas keeps that input', () => {
    const event = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
    const { outcome } = recordChunks(anthropic(), [
      event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_x', name: 'f', input: { a: 1 } } }),
      event('content_block_stop', { index: 0 }),
      event('message_stop', {}),
    ]);
    expect(outcome.parts).toEqual([{ type: 'tool', id: 'toolu_x', name: 'f', inputText: '{"a":1}', input: { a: 1 }, state: 'input-available' }]);
  });

  it('a 200 body that is one JSON error object is a server error, not an empty done', () => {
    const { outcome } = recordChunks(anthropic(), ['{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}']);
    expect(outcome).toMatchObject({ phase: 'error', error: { kind: 'server', message: 'invalid x-api-key' } });
  });

  it('invalid JSON in an event is a protocol error and keeps the text', () => {
    const { outcome } = recordChunks(anthropic(), [
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"ok"}}\n\n',
      'event: content_block_delta\ndata: {"type": oops\n\n',
    ]);
    expect(outcome).toMatchObject({ phase: 'error', error: { kind: 'protocol' }, text: 'ok' });
  });
});
