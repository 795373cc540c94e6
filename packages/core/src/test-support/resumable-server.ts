/// <reference types="node" />
import type { ServerResponse } from 'node:http';
import { contentTypes, startLoopbackServer, startStream, type LoopbackServer } from '../testing/loopback-server.js';

/** One SSE event of a recording; `id` becomes its `id:` field. */
export interface RecordedEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

export function encodeEvent({ id, event, data }: RecordedEvent): string {
  const fields = [id === undefined ? '' : `id: ${id}\n`, event === undefined ? '' : `event: ${event}\n`];
  return `${fields.join('')}${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}

/** How one connection ends: whole, or cut after `afterBytes` bytes of its body. */
export type ConnectionPlan =
  | { readonly kind: 'whole' }
  /** `reset` destroys the socket (a network error); `end` ends the body cleanly before the terminal marker. */
  | { readonly kind: 'cut'; readonly afterBytes: number; readonly how: 'reset' | 'end' }
  | { readonly kind: 'status'; readonly status: number }
  /** Writes the headers and then nothing. */
  | { readonly kind: 'stall' };

export interface ResumableServerOptions {
  readonly events: readonly RecordedEvent[];
  /** The plan of connection n (0-based); connections past the list are whole. */
  readonly plans: readonly ConnectionPlan[];
  /** Replays from the first event whatever `Last-Event-ID` says (a server that cannot resume). */
  readonly ignoreLastEventId?: boolean;
  readonly headers?: Record<string, string>;
}

/** The events strictly after `lastEventId` (by position of that id in the recording). */
function eventsAfter(events: readonly RecordedEvent[], lastEventId: string | undefined): readonly RecordedEvent[] {
  if (lastEventId === undefined) return events;
  const index = events.findIndex((event) => event.id === lastEventId);
  return index === -1 ? events : events.slice(index + 1);
}

function writeThen(response: ServerResponse, bytes: Uint8Array, then: () => void): void {
  if (bytes.byteLength === 0) then();
  else response.write(bytes, () => then());
}

/** A loopback SSE server that resumes after `Last-Event-ID` and cuts connections as planned. */
export function startResumableServer(options: ResumableServerOptions): Promise<LoopbackServer> {
  let connection = 0;
  return startLoopbackServer((request, response) => {
    const plan = options.plans[connection] ?? { kind: 'whole' };
    connection += 1;
    if (plan.kind === 'status') {
      response.writeHead(plan.status, { 'content-type': 'text/plain' });
      response.end(plan.status === 204 ? undefined : `status ${plan.status}`);
      return;
    }
    startStream(response, contentTypes.sse, options.headers);
    if (plan.kind === 'stall') return;
    const header = request.headers['last-event-id'];
    const lastEventId = options.ignoreLastEventId ? undefined : Array.isArray(header) ? header[0] : header;
    const body = new TextEncoder().encode(eventsAfter(options.events, lastEventId).map(encodeEvent).join(''));
    if (plan.kind === 'whole') {
      response.end(body);
      return;
    }
    writeThen(response, body.subarray(0, plan.afterBytes), () => {
      if (plan.how === 'end') response.end();
      // Give the socket a turn to send what was written, then cut it without a final chunk.
      else setImmediate(() => response.socket?.destroy());
    });
  });
}

/** Byte length of the first `count` events, encoded. */
export function bytesOfEvents(events: readonly RecordedEvent[], count: number): number {
  return new TextEncoder().encode(events.slice(0, count).map(encodeEvent).join('')).byteLength;
}
