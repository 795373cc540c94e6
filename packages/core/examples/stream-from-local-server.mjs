// A runnable example: a local SSE server produces tokens, @sluice/core reads them,
// and we print the text as it is published plus the final metrics.
// Run after `pnpm build`:  node packages/core/examples/stream-from-local-server.mjs
import { createServer } from 'node:http';
import { createTokenStream } from '../dist/index.js';

const words = 'Streams flow at the pace of the screen, not at the pace of the server.'.split(' ');

const server = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  let index = 0;
  const timer = setInterval(() => {
    if (index === 3) response.write('event: progress\ndata: {"label":"Thinking","percent":50}\n\n');
    if (index === words.length) {
      response.end('event: done\ndata:\n\n');
      clearInterval(timer);
      return;
    }
    response.write(`data: ${index === 0 ? '' : ' '}${words[index]}\n\n`);
    index += 1;
  }, 20);
  request.on('close', () => clearInterval(timer));
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const stream = createTokenStream({ url: `http://127.0.0.1:${port}/` });
stream.subscribe(() => {
  const { phase, text, status } = stream.getSnapshot();
  const label = status ? ` [${status.type}: ${JSON.stringify(status.data)}]` : '';
  console.log(`${phase.padEnd(10)} ${text}${label}`);
});

const final = await stream.start();
const { tokens, bytes, flushes, tokensPerSecond } = final.metrics;
console.log(`\n${final.phase}: ${tokens} tokens, ${bytes} bytes, ${flushes} flushes, ${tokensPerSecond.toFixed(0)} tokens/s`);
server.close();
