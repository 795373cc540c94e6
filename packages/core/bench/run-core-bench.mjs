/* global gc */
/**
 * Throughput of the built core (`../dist/index.js`) on ~50 MB recorded streams held in memory,
 * against `TextDecoder` alone and `eventsource-parser` alone on the same chunks. The `ai-sdk`
 * recording is parts-heavy (reasoning, tool-input deltas, tool outputs, several text parts per
 * step, as the `ai` package's UI message stream sends them); JSON presets are also compared with
 * `eventsource-parser` + one `JSON.parse` per event, the floor for any JSON-payload reader.
 *
 *   pnpm --filter @sluice/core bench            full run (medians of 5 after a warm-up)
 *   pnpm --filter @sluice/core bench --smoke    tiny sizes, one run: proves the bench still works
 *
 * It prints figures; it asserts only that every run produced the expected text.
 */
import { createParser } from 'eventsource-parser';
import { aiSdk, createTokenStream, ndjson, openai, sse, text } from '../dist/index.js';

const smoke = process.argv.includes('--smoke');
const targetBytes = smoke ? 256 * 1024 : 50 * 1024 * 1024;
const runs = smoke ? 1 : 5;
const warmUps = smoke ? 0 : 1;
const targetRatio = 1.3;

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same bytes. */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

// Mostly short English-like tokens, some multi-byte ones, as model output looks.
const vocabulary = [
  ' the', ' a', ' stream', ' token', ' of', ' and', ' to', ' in', ' is', ',', '.', ' model', ' frame',
  ' buffer', ' React', ' render', 'ing', 'ed', ' über', ' café', ' naïve', ' 日本', '語', ' 🌍', ' —', '\n\n',
  ' function', '()', ' {', ' }', ' const', ' =', ' await', ' fetch', ' response', ' body', ' data', ':',
];

/** Builds a recorded stream of about `targetBytes`: the wire bytes plus the text it must produce. */
function record(format, seed) {
  const random = createRandom(seed);
  const parts = [];
  const tokens = [];
  let size = 0;
  let events = 0;
  const push = (part) => {
    parts.push(part);
    size += part.length;
  };
  const chunk = (value) => push(`data: ${JSON.stringify(value)}\n\n`);
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)];
  const textParts = [];
  let steps = 0;
  // One agent step of a UI message stream: reasoning deltas, a tool call whose JSON input streams
  // in deltas, its output, then a text part; the expected text is the text parts joined.
  const pushAiSdkStep = () => {
    steps += 1;
    if (steps === 1) chunk({ type: 'start', messageId: 'msg-bench' });
    chunk({ type: 'start-step' });
    chunk({ type: 'reasoning-start', id: `r${steps}` });
    for (let index = 0; index < 40; index += 1) chunk({ type: 'reasoning-delta', id: `r${steps}`, delta: pick() });
    chunk({ type: 'reasoning-end', id: `r${steps}` });
    const toolCallId = `call-${steps}`;
    chunk({ type: 'tool-input-start', toolCallId, toolName: 'search' });
    const query = Array.from({ length: 20 }, pick).join('');
    const inputText = JSON.stringify({ query, limit: 5 });
    for (let offset = 0; offset < inputText.length; offset += 6) {
      chunk({ type: 'tool-input-delta', toolCallId, inputTextDelta: inputText.slice(offset, offset + 6) });
    }
    chunk({ type: 'tool-input-available', toolCallId, toolName: 'search', input: { query, limit: 5 } });
    chunk({ type: 'tool-output-available', toolCallId, output: { hits: steps % 7, top: `https://example.com/${steps}` } });
    chunk({ type: 'text-start', id: `t${steps}` });
    const pieces = [];
    for (let index = 0; index < 60; index += 1) {
      const piece = pick();
      pieces.push(piece);
      chunk({ type: 'text-delta', id: `t${steps}`, delta: piece });
    }
    chunk({ type: 'text-end', id: `t${steps}` });
    chunk({ type: 'finish-step' });
    textParts.push(pieces.join(''));
    events += 40 + 60 + Math.ceil(inputText.length / 6) + 12;
  };
  while (size < targetBytes) {
    const token = vocabulary[Math.floor(random() * vocabulary.length)];
    events += 1;
    if (format === 'text') {
      tokens.push(token);
      push(token);
    } else if (format === 'sse') {
      // SSE data cannot hold a raw newline: a multi-line token goes out as two data lines.
      tokens.push(token);
      push(token.includes('\n') ? `data: ${token.split('\n').join('\ndata: ')}\n\n` : `data: ${token}\n\n`);
      if (events % 500 === 0) push(`event: progress\ndata: {"tokens":${events}}\n\n`);
    } else if (format === 'ndjson') {
      tokens.push(token);
      push(`${JSON.stringify({ type: 'token', text: token })}\n`);
      if (events % 500 === 0) push(`{"type":"progress","data":{"tokens":${events}}}\n`);
    } else if (format === 'ai-sdk') {
      pushAiSdkStep();
    } else if (format === 'openai') {
      tokens.push(token);
      push(
        `data: ${JSON.stringify({
          id: 'chatcmpl-bench',
          object: 'chat.completion.chunk',
          created: 1_700_000_000,
          model: 'gpt-bench',
          choices: [{ index: 0, delta: { content: token }, finish_reason: null }],
        })}\n\n`,
      );
    }
  }
  if (format === 'ai-sdk') chunk({ type: 'finish', finishReason: 'stop' });
  if (format === 'openai' || format === 'ai-sdk') push('data: [DONE]\n\n');
  if (format === 'ai-sdk') tokens.push(textParts.join('\n\n'));
  const bytes = new TextEncoder().encode(parts.join(''));
  // Realistic reads: 16–64 KiB slices cut at arbitrary byte offsets (inside lines and characters).
  const chunks = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = 16 * 1024 + Math.floor(random() * 48 * 1024);
    chunks.push(bytes.subarray(offset, Math.min(offset + length, bytes.length)));
    offset += length;
  }
  return { format, bytes, chunks, expectedText: tokens.join(''), events };
}

const contentTypes = {
  sse: 'text/event-stream',
  text: 'text/plain; charset=utf-8',
  ndjson: 'application/x-ndjson',
  openai: 'text/event-stream',
  'ai-sdk': 'text/event-stream',
};
const protocols = { sse, text, ndjson, openai, 'ai-sdk': aiSdk };

/** A flush on the next macrotask: includes the cost of publishing, without a 16 ms frame wait. */
function immediateSchedule(flush) {
  const handle = setImmediate(flush);
  return () => clearImmediate(handle);
}

async function runEngine(recording) {
  let index = 0;
  const fetchFromMemory = async () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          const chunk = recording.chunks[index];
          index += 1;
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      { headers: { 'content-type': contentTypes[recording.format] } },
    );
  const stream = createTokenStream({
    url: 'http://bench.invalid/stream',
    fetch: fetchFromMemory,
    protocol: protocols[recording.format](),
    schedule: immediateSchedule,
    highWaterMark: 1024 * 1024 * 1024,
  });
  const started = performance.now();
  const snapshot = await stream.start();
  const elapsed = performance.now() - started;
  recording.engineFlushes = snapshot.metrics.flushes;
  recording.engineTokens = snapshot.metrics.tokens;
  recording.engineParts = snapshot.parts.length;
  if (snapshot.phase !== 'done' || snapshot.text.length !== recording.expectedText.length || snapshot.text !== recording.expectedText) {
    throw new Error(`engine run on ${recording.format} ended ${snapshot.phase} with ${snapshot.text.length} of ${recording.expectedText.length} characters (${snapshot.error?.message ?? 'no error'})`);
  }
  return elapsed;
}

async function runTextDecoder(recording) {
  const started = performance.now();
  const decoder = new TextDecoder();
  let characters = 0;
  for (const chunk of recording.chunks) characters += decoder.decode(chunk, { stream: true }).length;
  characters += decoder.decode().length;
  const elapsed = performance.now() - started;
  if (characters === 0) throw new Error('nothing decoded');
  return elapsed;
}

async function runEventsourceParser(recording) {
  const started = performance.now();
  let events = 0;
  const parser = createParser({ onEvent: () => (events += 1) });
  const decoder = new TextDecoder();
  for (const chunk of recording.chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  const elapsed = performance.now() - started;
  if (events === 0) throw new Error('no event parsed');
  return elapsed;
}

/** The floor for JSON presets: the same parse plus one JSON.parse per event, nothing else. */
async function runEventsourceParserWithJson(recording) {
  const started = performance.now();
  let events = 0;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data !== '[DONE]') JSON.parse(event.data);
      events += 1;
    },
  });
  const decoder = new TextDecoder();
  for (const chunk of recording.chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  const elapsed = performance.now() - started;
  if (events === 0) throw new Error('no event parsed');
  return elapsed;
}

async function medianThroughput(recording, measure) {
  for (let warmUp = 0; warmUp < warmUps; warmUp += 1) await measure(recording);
  const throughputs = [];
  for (let run = 0; run < runs; run += 1) {
    if (typeof gc === 'function') gc();
    const milliseconds = await measure(recording);
    throughputs.push(recording.bytes.byteLength / (1024 * 1024) / (milliseconds / 1000));
  }
  throughputs.sort((a, b) => a - b);
  return throughputs[Math.floor(throughputs.length / 2)];
}

const format = (value) => (value === undefined ? '—' : value.toFixed(1));
const rows = [];
const benchStarted = performance.now();
const onlyFormats = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length).split(',');
for (const [seed, name] of ['sse', 'text', 'ndjson', 'openai', 'ai-sdk'].entries()) {
  if (onlyFormats && !onlyFormats.includes(name)) continue;
  const recording = record(name, seed + 1);
  const sseFramed = name === 'sse' || name === 'openai' || name === 'ai-sdk';
  const engine = await medianThroughput(recording, runEngine);
  const decoder = await medianThroughput(recording, runTextDecoder);
  const parser = sseFramed ? await medianThroughput(recording, runEventsourceParser) : undefined;
  const parserWithJson = name === 'openai' || name === 'ai-sdk' ? await medianThroughput(recording, runEventsourceParserWithJson) : undefined;
  rows.push({
    parserWithJson,
    jsonRatio: parserWithJson === undefined ? undefined : parserWithJson / engine,
    name,
    megabytes: recording.bytes.byteLength / (1024 * 1024),
    engine,
    decoder,
    parser,
    ratio: parser === undefined ? undefined : parser / engine,
    flushes: recording.engineFlushes,
    tokens: recording.engineTokens,
    parts: recording.engineParts,
  });
}

console.log(`\n@sluice/core throughput (${smoke ? 'smoke: one tiny run' : `median of ${runs} runs after ${warmUps} warm-up`}, Node ${process.version})\n`);
console.log('| format | MB | engine MB/s | TextDecoder MB/s | eventsource-parser MB/s | engine / parser ratio | parser + JSON.parse MB/s | engine / (parser + JSON.parse) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const times = (ratio) => (ratio === undefined ? '—' : `${ratio.toFixed(2)}×`);
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.megabytes.toFixed(1)} | ${format(row.engine)} | ${format(row.decoder)} | ${format(row.parser)} | ${times(row.ratio)} | ${format(row.parserWithJson)} | ${times(row.jsonRatio)} |`,
  );
}
console.log(`\nEngine runs: ${rows.map((row) => `${row.name} ${row.tokens} tokens, ${row.parts} parts in ${row.flushes} flushes`).join('; ')}.`);
console.log(`ratio = time of the whole engine ÷ time of eventsource-parser alone (decode + feed); target ≤ ${targetRatio}×.`);
console.log('JSON presets (openai, ai-sdk) parse every event as JSON, which eventsource-parser alone does not: the last column compares with that floor (the target for ai-sdk).');
const over = rows
  .filter((row) => {
    // The parts-heavy recording is judged against the JSON floor (every chunk must be parsed).
    const ratio = row.name === 'ai-sdk' ? row.jsonRatio : row.ratio;
    return ratio !== undefined && ratio > targetRatio;
  })
  .map((row) => row.name);
if (!smoke) console.log(over.length === 0 ? 'Within target.' : `Over target: ${over.join(', ')}.`);
console.log(`Total bench time ${((performance.now() - benchStarted) / 1000).toFixed(1)} s.`);
