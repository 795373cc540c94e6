import type { Protocol, StreamAction } from '../types';
import { emitMapped, excerptOf, isRecord, serverError, type MappedActions } from './payload';

export interface NdjsonOptions {
  /**
   * Turns one parsed line into actions. Replaces the default mapping.
   * @defaultValue a JSON string → token; `{type:'token'|'delta', text|delta|content}` → token;
   * `{type:'done'}` → done; `{type:'error', message}` → server error; any other `{type, data?}` → status.
   * @example `ndjson({ map: (line) => ({ type: 'token', text: (line as { t: string }).t }) })`
   */
  map?: (value: unknown) => MappedActions;
}

export function defaultNdjsonMapping(value: unknown): MappedActions {
  if (typeof value === 'string') return { type: 'token', text: value };
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  switch (value.type) {
    case 'token':
    case 'delta': {
      const text = value.text ?? value.delta ?? value.content;
      return typeof text === 'string' ? { type: 'token', text } : null;
    }
    case 'done':
      return { type: 'done' };
    case 'error':
      return serverError(value.message, 'The server reported an error');
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
  return {
    name: 'ndjson',
    createParser(emit) {
      let partialLine = '';
      let finished = false;
      const forward = (action: StreamAction) => {
        if (action.type === 'done' || action.type === 'error') finished = true;
        emit(action);
      };
      const handleLine = (rawLine: string) => {
        const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
        if (finished || line.trim() === '') return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          forward({
            type: 'error',
            kind: 'protocol',
            message: 'Malformed NDJSON line: not valid JSON',
            excerpt: excerptOf(line),
          });
          return;
        }
        emitMapped(map(value), forward);
      };
      return {
        feed(text) {
          let start = 0;
          let newline = text.indexOf('\n');
          if (newline === -1) {
            partialLine += text;
            return;
          }
          handleLine(partialLine + text.slice(0, newline));
          start = newline + 1;
          while ((newline = text.indexOf('\n', start)) !== -1) {
            handleLine(text.slice(start, newline));
            start = newline + 1;
          }
          partialLine = text.slice(start);
        },
        end() {
          if (partialLine !== '') handleLine(partialLine);
          partialLine = '';
          if (!finished) emit({ type: 'done' });
        },
      };
    },
  };
}
