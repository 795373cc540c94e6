// A runnable example: a custom protocol that uses every part operation of the sink.
// The local server speaks a made-up line format ("<event id> <kind> <payload>"); the protocol
// turns it into reasoning, a tool call with streamed input and an output, a source, text, a
// finish reason and a cursor. Run after `pnpm build`:
//   node packages/core/examples/custom-protocol-parts.mjs
import { createServer } from 'node:http';
import { createTokenStream } from '../dist/index.js';

const lines = [
  '1 think Looking up the weather',
  '2 think-end',
  '3 call weather',
  '4 args {"city":',
  '5 args "Oslo"}',
  '6 result {"degrees":4}',
  '7 say It is 4 °C in Oslo',
  '8 say  right now.',
  '9 cite https://example.com/oslo',
  '10 telemetry {"gpu":3}',
  '11 stop',
];

/** @type {import('@sluice/core').Protocol} */
const linesProtocol = {
  name: 'lines',
  createParser(sink) {
    let buffered = '';
    let toolInput = '';
    const handle = (line) => {
      if (line === '') return;
      const [eventId, kind, ...rest] = line.split(' ');
      const payload = rest.join(' ');
      sink.cursor(eventId); // lets a resumed request start after this event
      switch (kind) {
        case 'think':
          sink.start({ type: 'reasoning', id: 'thinking' });
          sink.append('thinking', payload);
          return;
        case 'think-end':
          sink.end('thinking');
          return;
        case 'call':
          sink.start({ type: 'tool', id: 'call-1', name: payload });
          return;
        case 'args':
          toolInput += payload;
          sink.append('call-1', payload); // the tool's inputText, streamed
          return;
        case 'result':
          sink.replace('call-1', { state: 'output-available', input: JSON.parse(toolInput), output: JSON.parse(payload) });
          return;
        case 'say':
          sink.token(payload); // the hot path: appends to the current text part, opening one
          return;
        case 'cite':
          sink.start({ type: 'source', id: `source-${eventId}`, url: payload });
          return;
        case 'stop':
          sink.finish('stop');
          sink.done();
          return;
        default:
          sink.ignore(); // counted in metrics.ignoredEvents, never fatal
      }
    };
    return {
      feed(text) {
        buffered += text;
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        complete.forEach(handle);
      },
      end() {
        handle(buffered);
        sink.error('incomplete', 'The stream ended before its stop line');
      },
    };
  },
};

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  let index = 0;
  const timer = setInterval(() => {
    if (index === lines.length) {
      clearInterval(timer);
      response.end();
      return;
    }
    response.write(`${lines[index]}\n`);
    index += 1;
  }, 10);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const stream = createTokenStream({ url: `http://127.0.0.1:${port}/`, protocol: linesProtocol });
const final = await stream.start();
for (const part of final.parts) console.log(JSON.stringify(part));
console.log(`text: ${JSON.stringify(final.text)}`);
console.log(`${final.phase}, finishReason ${final.finishReason}, cursor ${final.cursor}, ignored ${final.metrics.ignoredEvents}`);
server.close();
