import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ActionSink, Protocol, StreamAction } from '../types.js';
import {
  dispatchMapped,
  ERROR_BODY_PREFIX_LIMIT,
  errorMessageOfJsonBody,
  excerptOf,
  messageOr,
  parseJsonOrUndefined,
  trackEnd,
  type MappedActions,
} from './payload.js';

/** One Server-Sent Event as the WHATWG parser delivers it. */
export interface SseEvent {
  /** The `event:` field; undefined means the default type, `message`. */
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}

export interface SseOptions {
  /**
   * Turns an event into actions. Replaces the default mapping. Besides `token`, `status`, `done` and
   * `error` it may return part operations (`start`, `append`, `replace`, `end`, `finish`, `cursor`,
   * `ignore`), so a custom protocol can stream reasoning, tool calls or sources too.
   * @defaultValue `message`/`token`/`delta` → token (raw data), `error` → server error,
   * `done` → done, any other type → status with the data parsed as JSON when it is JSON.
   * @example
   * ```ts
   * sse({ map: (event) => event.event === 'chunk' ? { type: 'token', text: JSON.parse(event.data).t } : null })
   * sse({
   *   map: (event) =>
   *     event.event === 'thinking'
   *       ? [{ type: 'start', part: { type: 'reasoning', id: 'r' } }, { type: 'append', id: 'r', text: event.data }]
   *       : { type: 'token', text: event.data },
   * })
   * ```
   */
  map?: (event: SseEvent) => MappedActions;
}

/** Makes the event handler of one run; presets that keep state between events (open parts) close over it. */
export type SseHandlerFactory = (sink: ActionSink) => (event: SseEvent) => void;

/** The default mapping as a function, for `map` functions that want to extend it. */
export function defaultSseMapping(event: SseEvent): StreamAction {
  const type = event.event ?? 'message';
  switch (type) {
    case 'message':
    case 'token':
    case 'delta':
      return { type: 'token', text: event.data };
    case 'error':
      return { type: 'error', kind: 'server', message: messageOr(event.data, 'The server reported an error') };
    case 'done':
      return { type: 'done' };
    default: {
      const parsed = parseJsonOrUndefined(event.data);
      return { type: 'status', statusType: type, data: parsed === undefined ? event.data : parsed };
    }
  }
}

/** The same mapping without allocating an action per token (the hot path), bound to one run's sink. */
const createDefaultSseHandler: SseHandlerFactory = (sink) => (event) => {
  const type = event.event;
  if (type === undefined || type === 'message' || type === 'token' || type === 'delta') {
    sink.token(event.data);
    return;
  }
  if (type === 'error') sink.error('server', messageOr(event.data, 'The server reported an error'));
  else if (type === 'done') sink.done();
  else {
    const parsed = parseJsonOrUndefined(event.data);
    sink.status(type, parsed === undefined ? event.data : parsed);
  }
};

/**
 * Builds an SSE-framed protocol. Presets pass `terminalRequired` so a body that ends before
 * their terminal marker is reported as `incomplete` rather than `done`. Every event with an `id:`
 * field reports `cursor(id)` before it is handled. A body in which no event was ever parsed but
 * which is one JSON error object (a 200 answer that is really an error) ends as a `server` error.
 */
export function createSseProtocol(name: string, createHandler: SseHandlerFactory, terminalRequired: boolean): Protocol {
  return {
    name,
    createParser(outerSink) {
      const { sink, hasEnded, reopen } = trackEnd(outerSink);
      const handleEvent = createHandler(sink);
      let sawEvent = false;
      /** The last event with an id was delivered before (a replay): it and the id-less events after it are skipped. */
      let replaying = false;
      // Only while no event has been parsed: the start of the body, for the JSON-error-body check.
      let bodyPrefix = '';
      const parser = createParser({
        onEvent: (event: EventSourceMessage) => {
          if (!sawEvent) {
            sawEvent = true;
            bodyPrefix = '';
          }
          if (hasEnded()) return;
          if (event.id !== undefined) replaying = sink.cursor(event.id) === false;
          if (!replaying) handleEvent(event);
        },
        // Unknown fields and bad retry values are ignored, as the WHATWG rules say.
        onError: () => {},
      });
      let endsWithCarriageReturn = false;
      return {
        feed(text) {
          if (text === '') return;
          if (!sawEvent && bodyPrefix.length < ERROR_BODY_PREFIX_LIMIT) {
            bodyPrefix += text.slice(0, ERROR_BODY_PREFIX_LIMIT - bodyPrefix.length);
          }
          endsWithCarriageReturn = text.charCodeAt(text.length - 1) === 13;
          parser.feed(text);
        },
        end() {
          // The parser holds a final CR back in case an LF follows; at the end of the body it is a
          // line ending on its own, so complete it (an LF after a CR ends no extra line).
          if (endsWithCarriageReturn) parser.feed('\n');
          if (hasEnded()) return;
          if (!sawEvent) {
            const message = errorMessageOfJsonBody(bodyPrefix);
            if (message !== undefined) {
              sink.error('server', message, excerptOf(bodyPrefix.trim()));
              return;
            }
          }
          if (terminalRequired) {
            sink.error('incomplete', `The ${name} stream ended before its terminal marker`);
          } else {
            sink.done();
          }
        },
        restart() {
          // The resumed body sends a cut event again whole; the handler keeps its open parts.
          parser.reset();
          endsWithCarriageReturn = false;
          replaying = false;
          reopen();
        },
      };
    },
  };
}

const repeatsCursor = (action: StreamAction | null | undefined, id: string): boolean =>
  action?.type === 'cursor' && action.id === id;

/**
 * The event's `id:` was reported before the map ran; a mapped cursor action with that id is the
 * same report again, and would otherwise read as a duplicate event (see `ActionSink.cursor`).
 */
function withoutRepeatedCursor(mapped: MappedActions, id: string | undefined): MappedActions {
  if (id === undefined || !mapped) return mapped;
  if (!Array.isArray(mapped)) return repeatsCursor(mapped as StreamAction, id) ? null : mapped;
  const actions = mapped as readonly StreamAction[];
  return actions.some((action) => repeatsCursor(action, id)) ? actions.filter((action) => !repeatsCursor(action, id)) : mapped;
}

/**
 * Server-Sent Events (`text/event-stream`), parsed with `eventsource-parser`.
 * @example `createTokenStream({ url: '/api/chat', protocol: sse() })`
 */
export function sse(options: SseOptions = {}): Protocol {
  const { map } = options;
  const createHandler: SseHandlerFactory = map
    ? (sink) => (event) => dispatchMapped(withoutRepeatedCursor(map(event), event.id), sink)
    : createDefaultSseHandler;
  return createSseProtocol('sse', createHandler, false);
}
