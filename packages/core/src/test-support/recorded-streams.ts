/**
 * Recorded streams in each wire format with the outcome they must produce. They mix line
 * endings (CRLF, LF, CR) and multi-byte UTF-8 (2, 3 and 4 bytes) so that splitting them
 * anywhere exercises the awkward boundaries.
 */
import type { StreamPhase, StreamStatus } from '../types.js';

export type RecordedFormat = 'sse' | 'ndjson' | 'openai' | 'anthropic' | 'ai-sdk' | 'text';

export interface RecordedStream {
  readonly format: RecordedFormat;
  readonly contentType: string;
  readonly body: string;
  readonly bytes: Uint8Array;
  readonly expected: { text: string; phase: StreamPhase; status?: StreamStatus | null };
}

const encoder = new TextEncoder();

function recorded(
  format: RecordedFormat,
  contentType: string,
  body: string,
  expected: RecordedStream['expected'],
): RecordedStream {
  return { format, contentType, body, bytes: encoder.encode(body), expected };
}

const tokens = ['Grüße', ', ', 'wörld ', '🌍', ' — ', '日本語', '\u00e9t\u00e9', ' done.'];
const expectedText = tokens.join('');

export const sseRecording = recorded(
  'sse',
  'text/event-stream',
  [
    ': a comment the parser must skip\r\n',
    `data: ${tokens[0]}\r\n\r\n`,
    'event: progress\r\ndata: {"step":1}\r\n\r\n',
    `event: token\ndata: ${tokens[1]}\n\n`,
    `event: delta\rdata: ${tokens[2]}\r\r`,
    `id: 7\r\ndata: ${tokens[3]}\r\n\r\n`,
    'event: progress\ndata: {"step":2,"label":"ünïcode ✓"}\n\n',
    `data: ${tokens[4]}\r\n\r\n`,
    `data: ${tokens[5]}\r\n\r\n`,
    'event: phase\r\ndata: not json 🙂\r\n\r\n',
    `data: ${tokens[6]}\n\n`,
    `data: ${tokens[7]}\r\n\r\n`,
  ].join(''),
  { text: expectedText, phase: 'done', status: { type: 'phase', data: 'not json 🙂' } },
);

export const ndjsonRecording = recorded(
  'ndjson',
  'application/x-ndjson',
  [
    `${JSON.stringify(tokens[0])}\r\n`,
    `{"type":"token","text":${JSON.stringify(tokens[1])}}\n`,
    '{"type":"progress","data":{"step":1}}\r\n',
    `{"type":"delta","delta":${JSON.stringify(tokens[2])}}\r\n`,
    `{"type":"token","content":${JSON.stringify(tokens[3])}}\n`,
    `${JSON.stringify(tokens[4])}\r\n`,
    `{"type":"token","text":${JSON.stringify(tokens[5])}}\r\n`,
    '{"type":"tool","name":"search ✓"}\n',
    `${JSON.stringify(tokens[6])}\n`,
    `${JSON.stringify(tokens[7])}\r\n`,
    '{"type":"done"}\r\n',
  ].join(''),
  { text: expectedText, phase: 'done', status: { type: 'tool', data: { type: 'tool', name: 'search ✓' } } },
);

const openaiChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\r\n\r\n`;

export const openaiRecording = recorded(
  'openai',
  'text/event-stream',
  [
    openaiChunk({ role: 'assistant', content: '' }),
    ...tokens.map((token) => openaiChunk({ content: token })),
    openaiChunk({}, 'stop'),
    'data: [DONE]\r\n\r\n',
  ].join(''),
  { text: expectedText, phase: 'done' },
);

const anthropicEvent = (type: string, payload: Record<string, unknown>) =>
  `event: ${type}\r\ndata: ${JSON.stringify({ type, ...payload })}\r\n\r\n`;

export const anthropicRecording = recorded(
  'anthropic',
  'text/event-stream',
  [
    anthropicEvent('message_start', {
      message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-test', usage: { input_tokens: 3, output_tokens: 1 } },
    }),
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent('ping', {}),
    ...tokens.map((text) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }),
    anthropicEvent('message_stop', {}),
  ].join(''),
  { text: expectedText, phase: 'done' },
);

const uiPart = (part: Record<string, unknown>) => `data: ${JSON.stringify(part)}\n\n`;

export const aiSdkRecording = recorded(
  'ai-sdk',
  'text/event-stream',
  [
    uiPart({ type: 'start', messageId: 'm1' }),
    uiPart({ type: 'start-step' }),
    uiPart({ type: 'text-start', id: 't1' }),
    ...tokens.slice(0, 4).map((delta) => uiPart({ type: 'text-delta', id: 't1', delta })),
    uiPart({ type: 'data-weather', data: { city: 'Zürich', degrees: 21 } }),
    uiPart({ type: 'reasoning-delta', id: 'r1', delta: 'not shown' }),
    ...tokens.slice(4).map((delta) => uiPart({ type: 'text-delta', id: 't1', delta })),
    uiPart({ type: 'text-end', id: 't1' }),
    uiPart({ type: 'finish-step' }),
    uiPart({ type: 'finish' }),
    'data: [DONE]\n\n',
  ].join(''),
  { text: expectedText, phase: 'done', status: { type: 'data-weather', data: { city: 'Zürich', degrees: 21 } } },
);

export const textRecording = recorded('text', 'text/plain; charset=utf-8', `${expectedText}\r\nline two ✓\r`, {
  text: `${expectedText}\r\nline two ✓\r`,
  phase: 'done',
  status: null,
});

/** Byte offsets that fall inside a CRLF pair or inside a multi-byte UTF-8 sequence. */
export function awkwardOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let index = 1; index < bytes.length; index += 1) {
    const byte = bytes[index] as number;
    const previous = bytes[index - 1] as number;
    const insideCrlf = previous === 0x0d && byte === 0x0a;
    const continuationByte = (byte & 0xc0) === 0x80;
    if (insideCrlf || continuationByte) offsets.push(index);
  }
  return offsets;
}
