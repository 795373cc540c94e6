#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createProducerServer } from './server.js';

const usage = `Usage: sluice-producer [--port 8787] [--host 127.0.0.1] [--quiet]

Serves GET|POST /stream (options as query parameters or a JSON body), GET /resume?id= (replay after Last-Event-ID) and GET|DELETE /stats.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`${usage}\n`);
} else {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`sluice-producer: --port must be 0–65535, got ${values.port}\n${usage}\n`);
    process.exit(1);
  }
  const producer = createProducerServer({ log: !values.quiet });
  const { url } = await producer.listen(port, values.host);
  process.stdout.write(`sluice-producer listening on ${url}\n  try: curl -N "${url}/stream?format=sse&tokens=20&rate=10"\n`);
  const shutdown = () => {
    producer.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
