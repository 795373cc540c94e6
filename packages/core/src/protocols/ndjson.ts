import type { ActionSink, Protocol } from '../types';
import { dispatchMapped, excerptOf, isRecord, messageOr, trackEnd, type MappedActions } from './payload';

export interface NdjsonOptions {
  /**
   * Turns one parsed line into actions. Replaces the default mapping.
   * @defaultValue a JSON string → token; `{type:'token'|'delta', text|delta|content}` → token;
   * `{type:'done'}` → done; `{type:'error', message}` → server error; any other `{type, data?}` → status.
   * @example `ndjson({ map: (line) => ({ type: 'token', text: (line as { t: string }).t }) })`
   */
  map?: (value: unknown) => MappedActions;
}

/** The default mapping as a function, for `map` functions that want to extend it. */
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
  return {
    name: 'ndjson',
    createParser(outerSink: ActionSink) {
      const { sink, hasEnded } = trackEnd(outerSink);
      let partialLine = '';
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
          if (!hasEnded()) sink.done();
        },
      };
    },
  };
}
