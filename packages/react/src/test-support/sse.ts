import type { ServerResponse } from 'node:http';

/** One server-sent event; without `event` it is a plain `message` (a token by default). */
export function sseEvent(data: string, event?: string): string {
  const lines = data.split('\n').map((line) => `data: ${line}`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}

export function startSse(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream' });
  // Send the headers now so the client's fetch resolves before the first token.
  response.flushHeaders();
}
