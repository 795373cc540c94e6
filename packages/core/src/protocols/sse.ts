import { createParser } from 'eventsource-parser';
import type { Protocol, StreamAction } from '../types';
import { emitMapped, parseJsonOrUndefined, serverError, type MappedActions } from './payload';

/** One Server-Sent Event as the WHATWG parser delivers it. */
export interface SseEvent {
  /** The `event:` field; undefined means the default type, `message`. */
  event: string | undefined;
  data: string;
  id: string | undefined;
}

export interface SseOptions {
  /**
   * Turns an event into actions. Replaces the default mapping.
   * @defaultValue `message`/`token`/`delta` → token (raw data), `error` → server error,
   * `done` → done, any other type → status with the data parsed as JSON when it is JSON.
   * @example
   * ```ts
   * sse({ map: (event) => event.event === 'chunk' ? { type: 'token', text: JSON.parse(event.data).t } : null })
   * ```
   */
  map?: (event: SseEvent) => MappedActions;
}

export function defaultSseMapping(event: SseEvent): StreamAction {
  const type = event.event ?? 'message';
  switch (type) {
    case 'message':
    case 'token':
    case 'delta':
      return { type: 'token', text: event.data };
    case 'error':
      return serverError(event.data, 'The server reported an error');
    case 'done':
      return { type: 'done' };
    default: {
      const parsed = parseJsonOrUndefined(event.data);
      return { type: 'status', statusType: type, data: parsed === undefined ? event.data : parsed };
    }
  }
}

/**
 * Builds an SSE-framed protocol. Presets pass `terminalRequired` so a body that ends before
 * their terminal marker is reported as `incomplete` rather than `done`.
 */
export function createSseProtocol(
  name: string,
  map: (event: SseEvent) => MappedActions,
  terminalRequired: boolean,
): Protocol {
  return {
    name,
    createParser(emit) {
      let finished = false;
      const forward = (action: StreamAction) => {
        if (action.type === 'done' || action.type === 'error') finished = true;
        emit(action);
      };
      const parser = createParser({
        onEvent: (event) => {
          if (finished) return;
          emitMapped(map({ event: event.event, data: event.data, id: event.id }), forward);
        },
        // Unknown fields and bad retry values are ignored, as the WHATWG rules say.
        onError: () => {},
      });
      let endsWithCarriageReturn = false;
      return {
        feed(text) {
          if (text === '') return;
          endsWithCarriageReturn = text.charCodeAt(text.length - 1) === 13;
          parser.feed(text);
        },
        end() {
          // The parser holds a final CR back in case an LF follows; at the end of the body it is a
          // line ending on its own, so complete it (an LF after a CR ends no extra line).
          if (endsWithCarriageReturn) parser.feed('\n');
          if (finished) return;
          if (terminalRequired) {
            emit({
              type: 'error',
              kind: 'incomplete',
              message: `The ${name} stream ended before its terminal marker`,
            });
          } else {
            emit({ type: 'done' });
          }
        },
      };
    },
  };
}

/**
 * Server-Sent Events (`text/event-stream`), parsed with `eventsource-parser`.
 * @example `createTokenStream({ url: '/api/chat', protocol: sse() })`
 */
export function sse(options: SseOptions = {}): Protocol {
  return createSseProtocol('sse', options.map ?? defaultSseMapping, false);
}
