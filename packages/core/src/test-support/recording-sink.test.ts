import { describe, expect, it } from 'vitest';
import { createRecordingSink } from './recording-sink.js';

describe('the recording sink (reference model of the part log)', () => {
  it('token() appends to a streaming text part at the end and opens one otherwise', () => {
    const { sink, result } = createRecordingSink();
    sink.token('a');
    sink.token('b');
    sink.start({ type: 'reasoning', id: 'r' });
    sink.token('c');
    sink.end('token-text-2');
    sink.token('d');
    expect(result().parts.map((part) => (part.type === 'text' ? part.text : part.type))).toEqual(['ab', 'reasoning', 'c', 'd']);
    expect(result().text).toBe('ab\n\nc\n\nd');
    expect(result().tokens).toBe(4);
  });

  it('start() of an existing id replaces its fields; replace() removes fields given as undefined', () => {
    const { sink, result, problems } = createRecordingSink();
    sink.start({ type: 'data', id: 'w', name: 'weather', data: 1 });
    sink.start({ type: 'data', id: 'w', name: 'weather', data: 2 });
    sink.start({ type: 'tool', id: 't', name: 'f' });
    sink.append('t', '{}');
    sink.replace('t', { output: 1, preliminary: true, state: 'output-available' });
    sink.replace('t', { preliminary: undefined });
    expect(result().parts).toEqual([
      { type: 'data', id: 'w', name: 'weather', data: 2 },
      { type: 'tool', id: 't', name: 'f', inputText: '{}', output: 1, state: 'output-available' },
    ]);
    expect(problems).toEqual([]);
  });

  it('collects operations it cannot apply instead of throwing', () => {
    const { sink, problems } = createRecordingSink();
    sink.append('missing', 'x');
    sink.start({ type: 'source', id: 's', url: 'https://example.com' });
    sink.append('s', 'x');
    sink.end('s');
    sink.done();
    sink.token('late');
    expect(problems).toEqual([
      'append(missing): no such part',
      'append(s): a source part has no text',
      'end(s): a source part has no text state',
      'token after the run ended (done)',
    ]);
  });

  it('records finish, cursor, ignore, status and the first terminal action', () => {
    const { sink, result, statuses } = createRecordingSink();
    sink.status('a', 1);
    sink.status('b', 2);
    sink.finish('tool-calls');
    sink.cursor('7');
    sink.ignore();
    sink.error('server', 'boom');
    expect(result()).toMatchObject({
      phase: 'error',
      error: { kind: 'server', message: 'boom' },
      finishReason: 'tool-calls',
      cursor: '7',
      ignoredEvents: 1,
      status: { type: 'b', data: 2 },
    });
    expect(statuses).toHaveLength(2);
  });
});
