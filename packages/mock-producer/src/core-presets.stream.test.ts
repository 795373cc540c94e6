import type { MessagePart, Protocol, StreamSnapshot } from '@sluice/core';
import { describe, expect, it } from 'vitest';
import { expectedFinishReason, expectedParts, expectedText } from './expected-message.js';
import { mockFetch } from './mock-fetch.js';
import type { ProducerOptionsInput } from './producer-options.js';
import { producedWire } from './test-support/produced-wire.js';

// Needs the core's part log (engine branch) and presets (protocols branch): on the producer branch
// alone this file fails on purpose, so the check cannot pass without the real readers.
type Core = typeof import('@sluice/core') & Partial<Record<'openaiResponses', () => Protocol>>;
const core = (await import('@sluice/core')) as Core;

function preset(format: string): Protocol {
  const factory = { 'ai-sdk': core.aiSdk, anthropic: core.anthropic, openai: core.openai, 'openai-responses': core.openaiResponses }[format];
  if (factory === undefined) throw new Error(`@sluice/core has no preset for ${format} yet (merge the protocols branch)`);
  return factory();
}

/** Ids of parts the wire names no id for are the reader's own (see expectedParts). */
function withoutIds(parts: readonly MessagePart[] | ReturnType<typeof expectedParts>): unknown[] {
  return parts.map((part) => {
    const rest: Record<string, unknown> = { ...part };
    delete rest.id;
    return rest;
  });
}

async function readThroughCore(options: ProducerOptionsInput): Promise<StreamSnapshot> {
  const stream = core.createTokenStream({ url: '/stream', fetch: mockFetch(options), protocol: preset(String(options.format)) });
  // The last flush follows the end of the body on the frame clock: wait for the settled snapshot.
  const settled = new Promise<StreamSnapshot>((resolve) => {
    const unsubscribe = stream.subscribe(() => {
      const snapshot = stream.getSnapshot();
      if (snapshot.phase === 'done' || snapshot.phase === 'error') {
        unsubscribe();
        resolve(snapshot);
      }
    });
  });
  await stream.start();
  return settled;
}

describe.each(['ai-sdk', 'anthropic', 'openai', 'openai-responses'])('the core’s %s preset reads the producer’s parts', (format) => {
  const finishes: ProducerOptionsInput[] = [{}, { finishReason: 'length' }, { finishReason: 'content-filter' }, { finishReason: 'tool-calls' }];
  const cases = format === 'ai-sdk' ? [...finishes, { toolError: true }] : finishes;
  it.each(cases)('%j', async (extra) => {
    const options: ProducerOptionsInput = { format: format as ProducerOptionsInput['format'], seed: 3, tokens: 40, reasoning: 6, toolCalls: 2, sources: format === 'openai' ? 0 : 2, ...extra };
    const snapshot = await readThroughCore(options);
    expect(snapshot.phase).toBe('done');
    expect(withoutIds(snapshot.parts)).toEqual(withoutIds(expectedParts(options)));
    expect(snapshot.parts.filter((part) => part.type === 'tool').map((part) => part.id)).toEqual(['call_1', 'call_2']);
    expect(snapshot.text).toBe(expectedText(options));
    expect(snapshot.finishReason).toBe(expectedFinishReason(options));
  });

  it('reports the last event id as the cursor when the producer sends ids', async () => {
    const options: ProducerOptionsInput = { format: format as ProducerOptionsInput['format'], seed: 3, tokens: 10, reasoning: 2, toolCalls: 1, eventIds: true };
    const { steps } = producedWire(options);
    const snapshot = await readThroughCore(options);
    expect(snapshot.text).toBe(expectedText(options));
    const lastId = Number(steps.at(-1)?.lastEventId);
    // The AI SDK stream ends at its `finish` chunk: the `[DONE]` event after it (the last id) is not read.
    expect(snapshot.cursor).toBe(String(format === 'ai-sdk' ? lastId - 1 : lastId));
  });
});
