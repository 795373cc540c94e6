/* global console, performance, process */
/**
 * Per-frame cost of `<Markdown streaming>` while a ~100 KB answer streams in: the time of one
 * update (lex the tail, render, commit to a DOM) at 10 KB and at 100 KB into the answer.
 * Budget (DESIGN.md): the cost at 100 KB ≤ 1.5× the cost at 10 KB. Node + happy-dom, so no
 * layout or paint: those belong to the browser benchmark. Figures, not a test.
 *
 *   pnpm --filter @sluice/markdown bench   (after `pnpm build`; `--smoke` for a quick run)
 */
import { Window } from 'happy-dom';

// React's production build, as an app ships it (the development build checks far more per render).
process.env.NODE_ENV = 'production';
import { sampleAnswer } from './sample-answer.mjs';

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;
globalThis.navigator = window.navigator;
globalThis.HTMLElement = window.HTMLElement;
globalThis.Node = window.Node;

const { createElement } = await import('react');
const { flushSync } = await import('react-dom');
const { createRoot } = await import('react-dom/client');
const { Markdown } = await import('../dist/index.js');

const smoke = process.argv.includes('--smoke');
const answer = sampleAnswer(100 * 1024);
// 2,000 tokens/s of ~4 characters at 60 frames/s: about 130 characters a frame.
const charactersPerFrame = 130;
const windowFrames = smoke ? 5 : 40;
const marks = [10 * 1024, 100 * 1024 - windowFrames * charactersPerFrame - 1];

function streamOnce(measure) {
  const container = window.document.createElement('div');
  const root = createRoot(container);
  const samples = new Map(marks.map((mark) => [mark, []]));
  for (let end = charactersPerFrame; end < answer.length; end += charactersPerFrame) {
    const text = answer.slice(0, end);
    const started = performance.now();
    flushSync(() => root.render(createElement(Markdown, { text, streaming: true })));
    const elapsed = performance.now() - started;
    if (!measure) continue;
    for (const mark of marks) if (end >= mark && samples.get(mark).length < windowFrames) samples.get(mark).push(elapsed);
  }
  // The update that finishes the answer (`streaming` false): one tail, not a whole parse.
  const started = performance.now();
  flushSync(() => root.render(createElement(Markdown, { text: answer })));
  const finish = performance.now() - started;
  flushSync(() => root.unmount());
  return { samples, finish };
}

/** What a renderer that parses the whole text per update pays at the same points, for scale. */
function wholeTextOnce(mark) {
  const container = window.document.createElement('div');
  const root = createRoot(container);
  const times = [];
  // Five frames are enough to see it: each costs a whole parse and render.
  for (let frame = 0; frame < 5; frame += 1) {
    const text = answer.slice(0, mark + frame * charactersPerFrame);
    const started = performance.now();
    flushSync(() => root.render(createElement(Markdown, { key: frame, text })));
    times.push(performance.now() - started);
  }
  flushSync(() => root.unmount());
  return times;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

if (!smoke) streamOnce(false); // warm the JIT
const { samples, finish } = streamOnce(true);
const [small, large] = marks.map((mark) => samples.get(mark));
const ratio = median(large) / median(small);
const wholeSmall = wholeTextOnce(marks[0]);
const wholeLarge = wholeTextOnce(marks[1]);

const ms = (value) => `${value.toFixed(3)} ms`;
console.log(`answer: ${(answer.length / 1024).toFixed(0)} KB, ${charactersPerFrame} characters per frame, ${windowFrames} frames per point${smoke ? ' (smoke)' : ''}`);
console.log('| renderer | at 10 KB (median / p95) | at 100 KB (median / p95) | 100 KB ÷ 10 KB | budget |');
console.log('| --- | ---: | ---: | ---: | --- |');
console.log(`| <Markdown streaming> | ${ms(median(small))} / ${ms(p95(small))} | ${ms(median(large))} / ${ms(p95(large))} | ${ratio.toFixed(2)}× | ≤ 1.5× ${ratio <= 1.5 ? 'yes' : 'NO'} |`);
console.log(`| whole text parsed and rendered per update, 5 frames (for scale) | ${ms(median(wholeSmall))} / ${ms(p95(wholeSmall))} | ${ms(median(wholeLarge))} / ${ms(p95(wholeLarge))} | ${(median(wholeLarge) / median(wholeSmall)).toFixed(2)}× | |`);
console.log(`finishing the 100 KB answer (streaming → false): ${ms(finish)}`);
await window.happyDOM.close();
