import { createParser } from 'eventsource-parser';
import type { WireFormat } from '../producer-options.js';

/** What a reader of a wire format makes of a whole body: the test-side mirror of the encoders. */
export interface WireReading {
  text: string;
  tokens: number;
  statuses: unknown[];
  terminal: 'done' | 'error' | null;
  errorMessage: string | null;
  /** Events that could not be read (invalid JSON or invalid UTF-8). */
  malformed: number;
  /** SSE event names in order (empty string for unnamed events); empty for ndjson and text. */
  eventNames: string[];
}

function tryJson(data: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(data) as Record<string, unknown> };
  } catch {
    return { ok: false };
  }
}

export function readWire(format: WireFormat, bytes: Uint8Array): WireReading {
  const body = new TextDecoder().decode(bytes);
  const reading: WireReading = { text: '', tokens: 0, statuses: [], terminal: null, errorMessage: null, malformed: 0, eventNames: [] };
  const token = (text: string) => {
    reading.text += text;
    reading.tokens += 1;
  };
  if (format === 'text') {
    reading.text = body.replaceAll(/\uFFFD+/gu, () => {
      reading.malformed += 1;
      return '';
    });
    return reading;
  }
  if (format === 'ndjson') {
    for (const line of body.split('\n')) {
      if (line === '') continue;
      const parsed = tryJson(line);
      if (!parsed.ok) {
        reading.malformed += 1;
        continue;
      }
      const record = parsed.value;
      if (record.type === 'token') token(String(record.text));
      else if (record.type === 'progress') reading.statuses.push(record.data);
      else if (record.type === 'done') reading.terminal = 'done';
      else if (record.type === 'error') {
        reading.terminal = 'error';
        reading.errorMessage = String(record.message);
      }
    }
    return reading;
  }
  const parser = createParser({
    onEvent(event) {
      reading.eventNames.push(event.event ?? '');
      if (format === 'sse') {
        if (event.data.includes('\uFFFD')) reading.malformed += 1;
        else if (event.event === undefined) token(event.data);
        else if (event.event === 'progress') reading.statuses.push(JSON.parse(event.data));
        else if (event.event === 'done') reading.terminal = 'done';
        else if (event.event === 'error') {
          reading.terminal = 'error';
          reading.errorMessage = event.data;
        }
        return;
      }
      if (event.data === '[DONE]') {
        reading.terminal = 'done';
        return;
      }
      const parsed = tryJson(event.data);
      if (!parsed.ok) {
        reading.malformed += 1;
        return;
      }
      const payload = parsed.value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (format === 'openai') {
        if (payload.error) {
          reading.terminal = 'error';
          reading.errorMessage = payload.error.message;
        } else if (typeof payload.choices[0].delta.content === 'string' && payload.choices[0].delta.role === undefined) {
          token(payload.choices[0].delta.content);
        }
      } else if (format === 'anthropic') {
        if (payload.type !== event.event) throw new Error(`event ${event.event} carries type ${payload.type}`);
        if (payload.type === 'content_block_delta') token(payload.delta.text);
        else if (payload.type === 'message_stop') reading.terminal = 'done';
        else if (payload.type === 'error') {
          reading.terminal = 'error';
          reading.errorMessage = payload.error.message;
        }
      } else if (format === 'ai-sdk') {
        if (payload.type === 'text-delta') token(payload.delta);
        else if (payload.type === 'data-progress') reading.statuses.push(payload.data);
        else if (payload.type === 'error') {
          reading.terminal = 'error';
          reading.errorMessage = payload.errorText;
        }
      }
    },
  });
  parser.feed(body);
  return reading;
}

/** Concatenates chunks into one byte array. */
export function joinBytes(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
