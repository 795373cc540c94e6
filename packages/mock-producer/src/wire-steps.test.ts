import { describe, expect, it } from 'vitest';
import { wireFormats } from './producer-options.js';
import type { ProducerOptionsInput, WireFormat } from './producer-options.js';
import { producedWire } from './test-support/produced-wire.js';
import { readWire } from './test-support/read-wire.js';
import { expectedText } from './expected-message.js';

const statusFormats: WireFormat[] = ['sse', 'ndjson', 'ai-sdk'];

describe.each(wireFormats)('%s encoder', (format) => {
  it('is deterministic: the same seed gives the same bytes', () => {
    expect(producedWire({ format, seed: 5, tokens: 300 }).bytes).toEqual(producedWire({ format, seed: 5, tokens: 300 }).bytes);
    expect(producedWire({ format, seed: 5, tokens: 300 }).bytes).not.toEqual(producedWire({ format, seed: 6, tokens: 300 }).bytes);
  });

  it('carries exactly the expected text and ends with its terminal marker', () => {
    const { steps, bytes } = producedWire({ format, seed: 11, tokens: 3000, statusEvery: 500 });
    const reading = readWire(format, bytes);
    expect(reading.text).toBe(expectedText({ seed: 11, tokens: 3000 }));
    expect(reading.malformed).toBe(0);
    expect(steps.reduce((total, step) => total + step.tokens, 0)).toBe(3000);
    expect(steps.at(-1)?.then).toBe('done');
    if (format !== 'text') {
      expect(reading.tokens).toBe(3000);
      expect(reading.terminal).toBe('done');
    }
    if (statusFormats.includes(format)) {
      expect(reading.statuses).toEqual([
        { percent: 17, label: 'Thinking' },
        { percent: 33, label: 'Searching' },
        { percent: 50, label: 'Reading' },
        { percent: 67, label: 'Writing' },
        { percent: 83, label: 'Thinking' },
        { percent: 100, label: 'Searching' },
      ]);
    } else {
      expect(reading.statuses).toEqual([]);
    }
  });

  it('groups `burst` tokens per write', () => {
    const { steps } = producedWire({ format, tokens: 1000, burst: 300 });
    expect(steps.map((step) => step.tokens)).toEqual([300, 300, 300, 100]);
  });

  it('ends with the error event after errorAfter tokens (text: a dropped connection)', () => {
    const { steps, bytes } = producedWire({ format, tokens: 100, errorAfter: 40 });
    const reading = readWire(format, bytes);
    expect(reading.text).toBe(expectedText({ tokens: 40 }));
    expect(steps.at(-1)).toMatchObject({ then: format === 'text' ? 'drop' : 'error', fault: 'errorAfter' });
    if (format !== 'text') {
      expect(reading.terminal).toBe('error');
      expect(reading.errorMessage).toBe('mock producer error after 40 tokens (errorAfter)');
    }
  });

  it('stops without a terminal marker for stallAfter and dropAfter', () => {
    for (const fault of ['stallAfter', 'dropAfter'] as const) {
      const { steps, bytes } = producedWire({ format, tokens: 100, burst: 7, [fault]: 30 });
      const reading = readWire(format, bytes);
      expect(reading.text).toBe(expectedText({ tokens: 30 }));
      expect(reading.terminal).toBe(null);
      expect(steps.at(-1)).toMatchObject({ then: fault === 'stallAfter' ? 'stall' : 'drop', fault });
    }
  });

  it('writes one unreadable event every malformedEvery tokens, without losing tokens', () => {
    const { bytes } = producedWire({ format, tokens: 100, malformedEvery: 25 });
    const reading = readWire(format, bytes);
    expect(reading.malformed).toBe(4);
    expect(reading.text).toBe(expectedText({ tokens: 100 }));
  });
});

describe('exact frame shapes', () => {
  const corpus = 'Hi\n there';
  const text = (format: WireFormat, extra: ProducerOptionsInput = {}) =>
    new TextDecoder().decode(producedWire({ format, corpus, tokens: 2, ...extra }).bytes);

  it('sse splits multi-line tokens into data lines and keeps the leading space', () => {
    expect(text('sse', { statusEvery: 2 })).toBe(
      'data: Hi\n\ndata: \ndata:  there\n\nevent: progress\ndata: {"percent":100,"label":"Thinking"}\n\nevent: done\ndata: \n\n',
    );
    expect(text('sse', { errorAfter: 0 })).toBe('event: error\ndata: mock producer error after 0 tokens (errorAfter)\n\n');
  });

  it('ndjson', () => {
    expect(text('ndjson', { statusEvery: 1, tokens: 1 })).toBe(
      '{"type":"token","text":"Hi"}\n{"type":"progress","data":{"percent":100,"label":"Thinking"}}\n{"type":"done"}\n',
    );
  });

  it('openai', () => {
    const chunk = (delta: string, finish: string | null) =>
      `data: {"id":"chatcmpl-mock","object":"chat.completion.chunk","created":0,"model":"mock","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}\n\n`;
    expect(text('openai', { tokens: 1 })).toBe(
      chunk('{"role":"assistant","content":""}', 'null') + chunk('{"content":"Hi"}', 'null') + chunk('{}', '"stop"') + 'data: [DONE]\n\n',
    );
    expect(text('openai', { errorAfter: 0 })).toMatch(/data: \{"error":\{"message":"mock producer error after 0 tokens \(errorAfter\)","type":"server_error"\}\}\n\n$/u);
  });

  it('anthropic', () => {
    const names = readWire('anthropic', producedWire({ format: 'anthropic', tokens: 120 }).bytes).eventNames;
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names.filter((name) => name === 'ping')).toHaveLength(2);
    expect(text('anthropic', { tokens: 1 })).toContain(
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
    );
    expect(text('anthropic', { tokens: 1 })).toMatch(/"stop_reason":"end_turn".*event: message_stop\ndata: \{"type":"message_stop"\}\n\n$/su);
    expect(text('anthropic', { errorAfter: 0 })).toContain(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"mock producer error after 0 tokens (errorAfter)"}}\n\n',
    );
  });

  it('ai-sdk', () => {
    expect(text('ai-sdk', { tokens: 1, statusEvery: 1 })).toBe(
      [
        '{"type":"start","messageId":"msg-mock"}',
        '{"type":"start-step"}',
        '{"type":"text-start","id":"t1"}',
        '{"type":"text-delta","id":"t1","delta":"Hi"}',
        '{"type":"data-progress","data":{"percent":100,"label":"Thinking"}}',
        '{"type":"text-end","id":"t1"}',
        '{"type":"finish-step"}',
        '{"type":"finish"}',
        '[DONE]',
      ]
        .map((data) => `data: ${data}\n\n`)
        .join(''),
    );
    expect(text('ai-sdk', { errorAfter: 1 })).toMatch(/data: \{"type":"error","errorText":"mock producer error after 1 tokens \(errorAfter\)"\}\n\n$/u);
  });

  it('sse and text malformed events are invalid UTF-8 bytes', () => {
    for (const format of ['sse', 'text'] as const) {
      const bytes = producedWire({ format, corpus, tokens: 1, malformedEvery: 1 }).bytes;
      expect(bytes.includes(0xff)).toBe(true);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    }
  });
});
