import type { ActionSink, Protocol } from '../types.js';
import { dispatchMapped, excerptOf, isRecord, messageOr, trackEnd, type MappedActions } from './payload.js';

export interface NdjsonOptions {
  /**
   * Turns one parsed line into actions. Replaces the default mapping.
   * @defaultValue a JSON string → token; `{type:'token'|'delta', text|delta|content}` → token;
   * `{type:'done'}` → done; `{type:'error', message}` → server error; any other `{type, data?}` → status.
   * @example `ndjson({ map: (line) => ({ type: 'token', text: (line as { t: string }).t }) })`
   */
  map?: (value: unknown) => MappedActions;
  /**
   * Says whether a parsed line is the stream's last one (Ollama: `(line) => line.done === true`).
   * When given, a body that ends before such a line is `incomplete`, never `done`.
   * @defaultValue none: the end of the body is the end of the stream
   * @example `ndjson({ map: ollamaMap, isTerminal: (line) => (line as { done?: boolean }).done === true })`
   */
  isTerminal?: (line: unknown) => boolean;
}

/** The default mapping as a function, for `map` functions that want to extend it. */
export function defaultNdjsonMapping(value: unknown): MappedActions {
  if (typeof value === 'string') return { type: 'token', text: value };
  if (!isRecord(value)) return null;
  if (typeof value.type !== 'string') {
    // A line that is only an error (`{"error":"model not found"}`, as Ollama sends) is a server error.
    const { error } = value;
    if (typeof error === 'string' || isRecord(error)) {
      return { type: 'error', kind: 'server', message: messageOr(isRecord(error) ? error.message : error, 'The server reported an error') };
    }
    return null;
  }
  switch (value.type) {
    case 'token':
    case 'delta': {
      const text = value.text ?? value.delta ?? value.content;
      return typeof text === 'string' ? { type: 'token', text } : null;
    }
    case 'done':
      return { type: 'done' };
    case 'error':
      return { type: 'error', kind: 'server', message: messageOr(value.message, 'The server reported an error') };
    default:
      return { type: 'status', statusType: value.type, data: 'data' in value ? value.data : value };
  }
}

/**
 * Newline-delimited JSON (`application/x-ndjson`, `application/jsonl`): one JSON value per line.
 * @example `createTokenStream({ url: '/api/chat', protocol: ndjson() })`
 */
export function ndjson(options: NdjsonOptions = {}): Protocol {
  const map = options.map ?? defaultNdjsonMapping;
  const { isTerminal } = options;
  return {
    name: 'ndjson',
    createParser(outerSink: ActionSink) {
      const { sink, hasEnded } = trackEnd(outerSink);
      let partialLine = '';
      let sawTerminal = false;
      const handleLine = (rawLine: string) => {
        const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
        if (hasEnded() || line.trim() === '') return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          sink.error('protocol', 'Malformed NDJSON line: not valid JSON', excerptOf(line));
          return;
        }
        dispatchMapped(map(value), sink);
        if (isTerminal && !sawTerminal && isTerminal(value)) sawTerminal = true;
      };
      return {
        feed(text) {
          let newline = text.indexOf('\n');
          if (newline === -1) {
            partialLine += text;
            return;
          }
          handleLine(partialLine + text.slice(0, newline));
          let start = newline + 1;
          while ((newline = text.indexOf('\n', start)) !== -1) {
            handleLine(text.slice(start, newline));
            start = newline + 1;
          }
          partialLine = text.slice(start);
        },
        end() {
          if (partialLine !== '') handleLine(partialLine);
          partialLine = '';
          if (hasEnded()) return;
          if (isTerminal && !sawTerminal) sink.error('incomplete', 'The NDJSON stream ended before its last line');
          else sink.done();
        },
      };
    },
  };
}
