import { describe, expect, it } from 'vitest';
import { openai } from '../index.js';
import { recordChunks } from '../test-support/record-protocol.js';
import { describeProviderFixtures } from '../test-support/provider-fixture-suite.js';
import { openaiChatFixtures, twoChoicesBody } from '../test-support/fixtures/openai-chat.js';

describeProviderFixtures('openai() on documented Chat Completions streams (recording sink)', () => openai(), openaiChatFixtures);

describe('openai() choices and misuse', () => {
  it('openai({ choice: 1 }) reads only the second choice', () => {
    const { outcome } = recordChunks(openai({ choice: 1 }), [twoChoicesBody]);
    expect(outcome.parts).toEqual([{ type: 'text', id: 'text-1', text: 'Bonjour à tous!', state: 'done' }]);
    expect(outcome.finishReason).toBe('length');
    expect(outcome.phase).toBe('done');
  });

  it('a choice the stream never has gives an empty answer, not another choice', () => {
    const { outcome } = recordChunks(openai({ choice: 2 }), [twoChoicesBody]);
    expect(outcome.parts).toEqual([]);
    expect(outcome.phase).toBe('done');
  });

  it('an invalid choice is misuse and throws with a hint', () => {
    expect(() => openai({ choice: -1 })).toThrow(/whole number/);
    expect(() => openai({ choice: 1.5 })).toThrow(/whole number/);
  });

  it('a 200 text/event-stream body that is one JSON error object is a server error with its message', () => {
    const { outcome } = recordChunks(openai(), ['{\n  "error": {\n    "message": "Incorrect API key provided",\n    "type": "invalid_request_error"\n  }\n}\n']);
    expect(outcome).toMatchObject({ phase: 'error', error: { kind: 'server', message: 'Incorrect API key provided' } });
  });

  it('an SSE id: field is reported as the cursor', () => {
    const { outcome } = recordChunks(openai(), ['id: 41\ndata: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n', 'id: 42\ndata: [DONE]\n\n']);
    expect(outcome.cursor).toBe('42');
    expect(outcome.phase).toBe('done');
  });
});
