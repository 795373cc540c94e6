import { describe, expect, it } from 'vitest';
import { openaiResponses } from '../index.js';
import { recordChunks } from '../test-support/record-protocol.js';
import { describeProviderFixtures } from '../test-support/provider-fixture-suite.js';
import { openaiResponsesFixtures } from '../test-support/fixtures/openai-responses.js';

describeProviderFixtures('openaiResponses() on documented Responses API streams (recording sink)', openaiResponses, openaiResponsesFixtures);

describe('openaiResponses() edge cases', () => {
  it('function call arguments that only arrive in …arguments.done are used', () => {
    const event = (payload: Record<string, unknown>) => `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;
    const { outcome } = recordChunks(openaiResponses(), [
      event({ type: 'response.output_item.added', output_index: 0, item: { id: 'fc', type: 'function_call', call_id: 'c', name: 'f', arguments: '' } }),
      event({ type: 'response.function_call_arguments.done', item_id: 'fc', output_index: 0, arguments: '{"a":1}' }),
      event({ type: 'response.completed', response: { status: 'completed', output: [] } }),
    ]);
    expect(outcome.parts).toEqual([{ type: 'tool', id: 'c', name: 'f', inputText: '{"a":1}', input: { a: 1 }, state: 'input-available' }]);
    expect(outcome.finishReason).toBe('tool-calls');
  });

  it('an MCP call streams its arguments and ends as output-error when the item carries an error', () => {
    const event = (payload: Record<string, unknown>) => `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;
    const { outcome, recording } = recordChunks(openaiResponses(), [
      event({ type: 'response.output_item.added', output_index: 0, item: { id: 'mcp_1', type: 'mcp_call', name: 'lookup', server_label: 'docs', arguments: '' } }),
      event({ type: 'response.mcp_call_arguments.delta', output_index: 0, item_id: 'mcp_1', delta: '{"q":"x"}' }),
      event({ type: 'response.mcp_call_arguments.done', output_index: 0, item_id: 'mcp_1', arguments: '{"q":"x"}' }),
      event({ type: 'response.mcp_call.failed', output_index: 0, item_id: 'mcp_1' }),
      event({
        type: 'response.output_item.done',
        output_index: 0,
        item: { id: 'mcp_1', type: 'mcp_call', name: 'lookup', arguments: '{"q":"x"}', error: 'server unreachable', status: 'failed' },
      }),
      event({ type: 'response.completed', response: { status: 'completed', output: [] } }),
    ]);
    expect(recording.problems).toEqual([]);
    expect(outcome.parts).toEqual([
      { type: 'tool', id: 'mcp_1', name: 'lookup', inputText: '{"q":"x"}', input: { q: 'x' }, errorText: 'server unreachable', state: 'output-error' },
    ]);
    // Built-in tools run on the server: the answer itself stopped normally.
    expect(outcome.finishReason).toBe('stop');
    expect(outcome.ignoredEvents).toBe(0);
  });

  it('a 200 body that is one JSON error object is a server error', () => {
    const { outcome } = recordChunks(openaiResponses(), ['{"error":{"message":"The model `x` does not exist","type":"invalid_request_error"}}']);
    expect(outcome).toMatchObject({ phase: 'error', error: { kind: 'server', message: 'The model `x` does not exist' } });
  });
});
