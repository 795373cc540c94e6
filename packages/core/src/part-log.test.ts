import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenStream } from './index.js';
import { createManualSchedule, flushUntilSettled } from './testing/manual-schedule.js';
import type { ActionSink, MessagePart, Protocol, StreamSnapshot } from './types.js';

/** One sink call, or a flush between them. */
type Operation =
  | { kind: 'token'; text: string }
  | { kind: 'start'; part: Record<string, unknown> & { id: string; type: string } }
  | { kind: 'append'; id: string; text: string }
  | { kind: 'replace'; id: string; fields: Record<string, unknown> }
  | { kind: 'end'; id: string }
  | { kind: 'flush' };

const ids = fc.constantFrom('a', 'b', 'c', 'text-1', 'text-2');
const shortText = fc.string({ maxLength: 3 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: shortText.map((text) => ({ kind: 'token' as const, text })) },
  {
    weight: 2,
    arbitrary: fc.record({ id: ids, type: fc.constantFrom('text', 'reasoning', 'tool', 'source'), text: fc.option(shortText), done: fc.boolean() }).map(
      ({ id, type, text, done }) => {
        const part: Record<string, unknown> & { id: string; type: string } = { type, id };
        if (type === 'tool') part.name = 'lookup';
        if (type === 'source') part.url = 'https://example.com/';
        if ((type === 'text' || type === 'reasoning') && text !== null) part.text = text;
        if ((type === 'text' || type === 'reasoning') && done) part.state = 'done';
        return { kind: 'start' as const, part };
      },
    ),
  },
  { weight: 3, arbitrary: fc.record({ id: ids, text: shortText }).map(({ id, text }) => ({ kind: 'append' as const, id, text })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        id: ids,
        fields: fc.oneof(
          fc.nat(9).map((output) => ({ state: 'output-available', output })),
          shortText.map((text) => ({ text })),
          shortText.map((title) => ({ title })),
          fc.constant({ state: 'done' }),
          fc.constant({ state: 'streaming' }),
        ),
      })
      .map(({ id, fields }) => ({ kind: 'replace' as const, id, fields })),
  },
  { weight: 1, arbitrary: ids.map((id) => ({ kind: 'end' as const, id })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

/** The contract applied eagerly, one call at a time: what the engine must publish, whatever the flushes. */
function createReferenceMessage() {
  const parts: Array<Record<string, unknown> & { id: string; type: string }> = [];
  let ignoredEvents = 0;
  let droppedStatus = 0;
  let generated = 0;
  let replacedThisFlush = new Set<string>();
  let touchedThisFlush = new Set<string>();
  const find = (id: string) => parts.find((part) => part.id === id);
  const streamedField = (type: string) => (type === 'tool' ? 'inputText' : 'text');
  const defaults = (type: string): Record<string, unknown> =>
    type === 'text' || type === 'reasoning' ? { text: '', state: 'streaming' } : type === 'tool' ? { inputText: '', state: 'input-streaming' } : {};

  return {
    parts,
    counts: () => ({ ignoredEvents, droppedStatus }),
    touched: () => touchedThisFlush,
    flushed() {
      replacedThisFlush = new Set();
      touchedThisFlush = new Set();
    },
    apply(step: Operation) {
      switch (step.kind) {
        case 'token': {
          if (step.text === '') return;
          const last = parts.at(-1);
          if (last?.type === 'text' && last.state !== 'done') {
            last.text = `${last.text as string}${step.text}`;
            touchedThisFlush.add(last.id);
            return;
          }
          let id: string;
          do {
            generated += 1;
            id = `text-${generated}`;
          } while (find(id));
          parts.push({ type: 'text', id, text: step.text, state: 'streaming' });
          touchedThisFlush.add(id);
          return;
        }
        case 'start': {
          const existing = find(step.part.id);
          touchedThisFlush.add(step.part.id);
          if (existing?.type === step.part.type) Object.assign(existing, step.part);
          else if (existing) parts.splice(parts.indexOf(existing), 1, { ...defaults(step.part.type), ...step.part });
          else parts.push({ ...defaults(step.part.type), ...step.part });
          return;
        }
        case 'append': {
          const part = find(step.id);
          if (!part || !['text', 'reasoning', 'tool'].includes(part.type)) {
            ignoredEvents += 1;
            return;
          }
          if (step.text === '') return;
          const field = streamedField(part.type);
          part[field] = `${(part[field] as string | undefined) ?? ''}${step.text}`;
          touchedThisFlush.add(step.id);
          return;
        }
        case 'replace': {
          const part = find(step.id);
          if (!part) {
            ignoredEvents += 1;
            return;
          }
          if (replacedThisFlush.has(step.id)) droppedStatus += 1;
          replacedThisFlush.add(step.id);
          touchedThisFlush.add(step.id);
          Object.assign(part, step.fields);
          return;
        }
        case 'end': {
          const part = find(step.id);
          if (!part) {
            ignoredEvents += 1;
            return;
          }
          if (part.type === 'text' || part.type === 'reasoning') {
            part.state = 'done';
            touchedThisFlush.add(step.id);
          }
          return;
        }
        case 'flush':
          return;
      }
    },
    closeOpenParts() {
      for (const part of parts) if ((part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming') part.state = 'done';
    },
  };
}

/** A protocol that hands its sink to the test, over a body that stays open until `endBody()`. */
function createDrivenStream() {
  let sink: ActionSink | null = null;
  let endBody = () => {};
  const protocol: Protocol = {
    name: 'driven',
    createParser(given) {
      sink = given;
      return { feed() {}, end: () => given.done() };
    },
  };
  const manual = createManualSchedule();
  const stream = createTokenStream({
    url: 'http://127.0.0.1/unused',
    protocol,
    schedule: manual.schedule,
    fetch: async () =>
      new Response(new ReadableStream<Uint8Array>({ start: (controller) => (endBody = () => controller.close()) })),
  });
  return { stream, manual, sink: () => sink, endBody: () => endBody() };
}

const textOf = (parts: readonly MessagePart[]) =>
  parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n\n');

describe('the part log, against the contract applied one call at a time', () => {
  it('property: any sequence of part operations and flushes publishes the same parts; untouched parts keep their identity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) => {
        const driven = createDrivenStream();
        const run = driven.stream.start();
        while (driven.sink() === null) await new Promise((resolve) => setImmediate(resolve));
        const sink = driven.sink() as ActionSink;
        const reference = createReferenceMessage();
        let previous: StreamSnapshot = driven.stream.getSnapshot();

        const flushAndCheck = () => {
          driven.manual.flush();
          const next = driven.stream.getSnapshot();
          expect(next.parts).toEqual(reference.parts);
          expect(next.text).toBe(textOf(next.parts));
          previous.parts.forEach((part, index) => {
            if (!reference.touched().has(part.id)) expect(next.parts[index]).toBe(part);
          });
          reference.flushed();
          previous = next;
        };

        for (const step of operations) {
          reference.apply(step);
          if (step.kind === 'flush') flushAndCheck();
          else if (step.kind === 'token') sink.token(step.text);
          else if (step.kind === 'start') sink.start(step.part as never);
          else if (step.kind === 'append') sink.append(step.id, step.text);
          else if (step.kind === 'replace') sink.replace(step.id, step.fields as never);
          else sink.end(step.id);
        }
        flushAndCheck();

        driven.endBody();
        const final = await flushUntilSettled(driven.manual, run);
        reference.closeOpenParts();
        expect(final.phase).toBe('done');
        expect(final.parts).toEqual(reference.parts);
        expect(final.text).toBe(textOf(final.parts));
        expect(driven.stream.readText(0)).toBe(final.text);
        for (const part of final.parts) {
          if (part.type === 'text' || part.type === 'reasoning') expect(driven.stream.readPartText(part.id, 0)).toBe(part.text);
          if (part.type === 'tool') expect(driven.stream.readPartText(part.id, 0)).toBe(part.inputText);
        }
        expect({ ignoredEvents: final.metrics.ignoredEvents, droppedStatus: final.metrics.droppedStatus }).toEqual(reference.counts());
      }),
      { numRuns: 300 },
    );
  });
});
