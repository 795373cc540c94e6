import { createParser } from 'eventsource-parser';
import type { ExpectedFinishReason, ExpectedPart } from '../expected-message.js';
import type { WireFormat } from '../producer-options.js';

/** A part while it is read: the settled shape plus the states it passes through. */
type ReadPart =
  | { type: 'text' | 'reasoning'; id: string; text: string; state: 'streaming' | 'done' }
  | Exclude<ExpectedPart, { type: 'text' | 'reasoning' | 'tool' }>
  | (Omit<Extract<ExpectedPart, { type: 'tool' }>, 'state'> & { state: Extract<ExpectedPart, { type: 'tool' }>['state'] | 'input-streaming' });

/** What a reader of a wire format makes of a whole body: the test-side mirror of the encoders. */
export interface WireReading {
  /** The text parts joined with a blank line (as `snapshot.text`); the raw body for `text`. */
  text: string;
  /** Answer text deltas. */
  tokens: number;
  parts: ReadPart[];
  finishReason: ExpectedFinishReason;
  statuses: unknown[];
  terminal: 'done' | 'error' | null;
  errorMessage: string | null;
  /** Events that could not be read (invalid JSON or invalid UTF-8). */
  malformed: number;
  /** SSE event names in order (empty string for unnamed events); empty for ndjson and text. */
  eventNames: string[];
  /** `sequence_number` of every openai-responses event, in order. */
  sequenceNumbers: number[];
  /** Events read but not understood (a reader bug or an encoder writing something undocumented). */
  unknown: string[];
}

function tryJson(data: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(data) as Record<string, unknown> };
  } catch {
    return { ok: false };
  }
}

/** Applies part operations the way DESIGN.md's "Messages of parts" describes them. */
function createPartLog(parts: ReadPart[]) {
  const find = (id: string): ReadPart => {
    const part = parts.find((candidate) => candidate.id === id);
    if (part === undefined) throw new Error(`no part ${id}`);
    return part;
  };
  const count = (type: ReadPart['type']) => parts.filter((part) => part.type === type).length;
  return {
    start(part: ReadPart): void {
      parts.push(part);
    },
    /** Appends to the open text part, opening one (`t<n>`) when the last part is not one. */
    token(text: string): void {
      const last = parts.at(-1);
      if (last?.type === 'text' && last.state === 'streaming') last.text += text;
      else parts.push({ type: 'text', id: `t${count('text') + 1}`, text, state: 'streaming' });
    },
    /** Appends to the open reasoning part, opening one (`r<n>`) when the last part is not one. */
    reasoning(text: string): void {
      const last = parts.at(-1);
      if (last?.type === 'reasoning' && last.state === 'streaming') last.text += text;
      else parts.push({ type: 'reasoning', id: `r${count('reasoning') + 1}`, text, state: 'streaming' });
    },
    append(id: string, text: string): void {
      const part = find(id);
      if (part.type === 'text' || part.type === 'reasoning') part.text += text;
      else if (part.type === 'tool') part.inputText += text;
      else throw new Error(`cannot append to ${part.type} ${id}`);
    },
    update(id: string, fields: Record<string, unknown>): void {
      Object.assign(find(id), fields);
    },
    end(id: string): void {
      const part = find(id);
      if (part.type === 'text' || part.type === 'reasoning') part.state = 'done';
    },
    /** A tool call whose input is complete (the client runs the tool). */
    inputComplete(id: string): void {
      const part = find(id);
      if (part.type !== 'tool') throw new Error(`${id} is not a tool call`);
      part.input = JSON.parse(part.inputText);
      part.state = 'input-available';
    },
    source(url: string, title: string): void {
      parts.push({ type: 'source', id: `source-${count('source') + 1}`, url, title });
    },
    endReasoning(): void {
      const last = parts.at(-1);
      if (last?.type !== 'reasoning') throw new Error('reasoning-end without an open reasoning part');
      last.state = 'done';
    },
    settle(): void {
      for (const part of parts) if ((part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming') part.state = 'done';
    },
  };
}

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const openAiReasons: Record<string, ExpectedFinishReason> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls', content_filter: 'content-filter' };
const anthropicReasons: Record<string, ExpectedFinishReason> = { end_turn: 'stop', max_tokens: 'length', tool_use: 'tool-calls', refusal: 'refusal' };

export function readWire(format: WireFormat, bytes: Uint8Array): WireReading {
  const body = new TextDecoder().decode(bytes);
  const reading: WireReading = {
    text: '',
    tokens: 0,
    parts: [],
    finishReason: null,
    statuses: [],
    terminal: null,
    errorMessage: null,
    malformed: 0,
    eventNames: [],
    sequenceNumbers: [],
    unknown: [],
  };
  const log = createPartLog(reading.parts);
  const token = (text: string, id?: string) => {
    if (id === undefined) log.token(text);
    else log.append(id, text);
    reading.tokens += 1;
  };
  const fail = (message: string) => {
    reading.terminal = 'error';
    reading.errorMessage = message;
  };
  /** The producer's own part records, shared by sse (event name + JSON data) and ndjson. */
  const ownRecord = (type: string, record: Payload): boolean => {
    switch (type) {
      case 'reasoning':
        log.reasoning(record.text);
        return true;
      case 'reasoning-end':
        log.endReasoning();
        return true;
      case 'tool-input-start':
        log.start({ type: 'tool', id: record.id, name: record.name, inputText: '', state: 'input-streaming' });
        return true;
      case 'tool-input-delta':
        log.append(record.id, record.delta);
        return true;
      case 'tool-input-available':
        log.update(record.id, { input: record.input, state: 'input-available' });
        return true;
      case 'tool-output':
        log.update(record.id, { output: record.output, state: 'output-available' });
        return true;
      case 'tool-error':
        log.update(record.id, { errorText: record.errorText, state: 'output-error' });
        return true;
      case 'source':
        log.start({ type: 'source', id: record.id, url: record.url, title: record.title });
        return true;
      case 'finish':
        reading.finishReason = record.reason;
        return true;
      default:
        return false;
    }
  };

  if (format === 'text') {
    reading.text = body.replaceAll(/\uFFFD+/gu, () => {
      reading.malformed += 1;
      return '';
    });
    if (reading.text !== '') reading.parts.push({ type: 'text', id: 't1', text: reading.text, state: 'done' });
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
      const record = parsed.value as Payload;
      if (record.type === 'token') token(String(record.text));
      else if (record.type === 'progress') reading.statuses.push(record.data);
      else if (record.type === 'done') reading.terminal = 'done';
      else if (record.type === 'error') fail(String(record.message));
      else if (!ownRecord(String(record.type), record)) reading.unknown.push(String(record.type));
    }
    log.settle();
    reading.text = joinText(reading.parts);
    return reading;
  }

  const toolByIndex = new Map<number, string>();
  const partByBlock = new Map<number, ReadPart>();
  const partByItem = new Map<string, string>();
  let sawFunctionCall = false;
  const parser = createParser({
    onEvent(event) {
      reading.eventNames.push(event.event ?? '');
      if (format === 'sse') {
        if (event.data.includes('\uFFFD')) reading.malformed += 1;
        else if (event.event === undefined) token(event.data);
        else if (event.event === 'progress') reading.statuses.push(JSON.parse(event.data));
        else if (event.event === 'done') reading.terminal = 'done';
        else if (event.event === 'error') fail(event.data);
        else if (event.event === 'reasoning') log.reasoning(event.data);
        else if (!ownRecord(event.event, event.event === 'reasoning-end' ? {} : (JSON.parse(event.data) as Payload))) reading.unknown.push(event.event);
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
      const payload = parsed.value as Payload;
      if (format === 'openai') {
        if (payload.error) return fail(payload.error.message);
        const choice = payload.choices[0];
        const delta = choice.delta;
        if (typeof delta.reasoning_content === 'string') log.reasoning(delta.reasoning_content);
        // The first chunk names the role with an empty content: no token.
        if (typeof delta.content === 'string' && delta.role === undefined) token(delta.content);
        for (const call of delta.tool_calls ?? []) {
          if (call.id !== undefined) {
            toolByIndex.set(call.index, call.id);
            log.start({ type: 'tool', id: call.id, name: call.function.name, inputText: call.function.arguments, state: 'input-streaming' });
          } else {
            log.append(toolByIndex.get(call.index) as string, call.function.arguments);
          }
        }
        if (choice.finish_reason !== null) {
          reading.finishReason = openAiReasons[choice.finish_reason] ?? null;
          for (const id of toolByIndex.values()) log.inputComplete(id);
        }
        return;
      }
      if (format === 'anthropic') {
        if (payload.type !== event.event) throw new Error(`event ${event.event} carries type ${payload.type}`);
        switch (payload.type) {
          case 'message_start':
          case 'ping':
            return;
          case 'content_block_start': {
            const block = payload.content_block;
            const count = (type: string) => reading.parts.filter((part) => part.type === type).length + 1;
            const part: ReadPart =
              block.type === 'thinking'
                ? { type: 'reasoning', id: `r${count('reasoning')}`, text: '', state: 'streaming' }
                : block.type === 'text'
                  ? { type: 'text', id: `t${count('text')}`, text: '', state: 'streaming' }
                  : { type: 'tool', id: block.id, name: block.name, inputText: '', state: 'input-streaming' };
            if (block.type !== 'thinking' && block.type !== 'text' && block.type !== 'tool_use') reading.unknown.push(block.type);
            partByBlock.set(payload.index, part);
            log.start(part);
            return;
          }
          case 'content_block_delta': {
            const part = partByBlock.get(payload.index) as ReadPart;
            const delta = payload.delta;
            if (delta.type === 'text_delta') token(delta.text, part.id);
            else if (delta.type === 'thinking_delta') log.append(part.id, delta.thinking);
            else if (delta.type === 'input_json_delta') log.append(part.id, delta.partial_json);
            else if (delta.type === 'citations_delta') log.source(delta.citation.url, delta.citation.title);
            else if (delta.type !== 'signature_delta') reading.unknown.push(delta.type);
            return;
          }
          case 'content_block_stop': {
            const part = partByBlock.get(payload.index) as ReadPart;
            if (part.type === 'tool') log.inputComplete(part.id);
            else log.end(part.id);
            return;
          }
          case 'message_delta':
            reading.finishReason = anthropicReasons[payload.delta.stop_reason] ?? null;
            return;
          case 'message_stop':
            reading.terminal = 'done';
            return;
          case 'error':
            return fail(payload.error.message);
          default:
            reading.unknown.push(payload.type);
            return;
        }
      }
      if (format === 'openai-responses') {
        if (payload.type !== event.event) throw new Error(`event ${event.event} carries type ${payload.type}`);
        reading.sequenceNumbers.push(payload.sequence_number);
        const partId = () => partByItem.get(payload.item_id) as string;
        switch (payload.type) {
          case 'response.created':
          case 'response.in_progress':
          case 'response.reasoning_summary_part.added':
          case 'response.reasoning_summary_part.done':
          case 'response.reasoning_summary_text.done':
          case 'response.content_part.added':
          case 'response.content_part.done':
          case 'response.output_text.done':
          case 'response.function_call_arguments.done':
            return;
          case 'response.output_item.added': {
            const item = payload.item;
            if (item.type === 'reasoning') log.start({ type: 'reasoning', id: item.id, text: '', state: 'streaming' });
            else if (item.type === 'message') log.start({ type: 'text', id: item.id, text: '', state: 'streaming' });
            else if (item.type === 'function_call') {
              sawFunctionCall = true;
              log.start({ type: 'tool', id: item.call_id, name: item.name, inputText: '', state: 'input-streaming' });
            } else reading.unknown.push(item.type);
            partByItem.set(item.id, item.type === 'function_call' ? item.call_id : item.id);
            return;
          }
          case 'response.reasoning_summary_text.delta':
            log.append(partId(), payload.delta);
            return;
          case 'response.output_text.delta':
            token(payload.delta, partId());
            return;
          case 'response.function_call_arguments.delta':
            log.append(partId(), payload.delta);
            return;
          case 'response.output_text.annotation.added':
            log.source(payload.annotation.url, payload.annotation.title);
            return;
          case 'response.output_item.done': {
            const id = partByItem.get(payload.item.id) as string;
            if (payload.item.type === 'function_call') log.inputComplete(id);
            else log.end(id);
            return;
          }
          case 'response.completed':
            reading.terminal = 'done';
            reading.finishReason = sawFunctionCall ? 'tool-calls' : 'stop';
            return;
          case 'response.incomplete':
            reading.terminal = 'done';
            reading.finishReason = payload.response.incomplete_details.reason === 'max_output_tokens' ? 'length' : 'content-filter';
            return;
          case 'error':
            return fail(payload.message);
          default:
            reading.unknown.push(payload.type);
            return;
        }
      }
      // ai-sdk
      switch (payload.type) {
        case 'start':
        case 'start-step':
        case 'finish-step':
          return;
        case 'text-start':
          log.start({ type: 'text', id: payload.id, text: '', state: 'streaming' });
          return;
        case 'text-delta':
          token(payload.delta, payload.id);
          return;
        case 'reasoning-start':
          log.start({ type: 'reasoning', id: payload.id, text: '', state: 'streaming' });
          return;
        case 'reasoning-delta':
          log.append(payload.id, payload.delta);
          return;
        case 'text-end':
        case 'reasoning-end':
          log.end(payload.id);
          return;
        case 'tool-input-start':
          log.start({ type: 'tool', id: payload.toolCallId, name: payload.toolName, inputText: '', state: 'input-streaming' });
          return;
        case 'tool-input-delta':
          log.append(payload.toolCallId, payload.inputTextDelta);
          return;
        case 'tool-input-available':
          log.update(payload.toolCallId, { input: payload.input, state: 'input-available' });
          return;
        case 'tool-output-available':
          log.update(payload.toolCallId, { output: payload.output, state: 'output-available' });
          return;
        case 'tool-output-error':
          log.update(payload.toolCallId, { errorText: payload.errorText, state: 'output-error' });
          return;
        case 'source-url':
          log.start({ type: 'source', id: payload.sourceId, url: payload.url, title: payload.title });
          return;
        case 'data-progress':
          reading.statuses.push(payload.data);
          return;
        case 'finish':
          reading.finishReason = payload.finishReason ?? null;
          return;
        case 'error':
          return fail(payload.errorText);
        default:
          reading.unknown.push(payload.type);
      }
    },
  });
  parser.feed(body);
  if (format === 'sse' || format === 'openai') log.settle();
  reading.text = joinText(reading.parts);
  return reading;
}

function joinText(parts: ReadPart[]): string {
  return parts
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n\n');
}
