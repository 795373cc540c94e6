import { render, waitFor } from '@testing-library/react';
import { useSyncExternalStore } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { contentTypes, sseEvent, startStream, write } from '@sluice/core/testing';
import { deferred } from './test-support/deferred.js';
import { setUpLoopbackTests } from './test-support/loopback-test-setup.js';
import { useTranscript } from './use-transcript.js';
import type { LiveMessage, TranscriptMessage } from './transcript-message.js';
import type { UseTranscriptOptions, UseTranscriptResult } from './use-transcript.js';

const { serve } = setUpLoopbackTests();

/** A chat whose streaming row subscribes to the live store itself, as `<Transcript>` does. */
function renderChat(options: UseTranscriptOptions) {
  const parentRenders: UseTranscriptResult[] = [];
  const liveRenders: string[] = [];

  function LiveRow({ live }: { live: LiveMessage }) {
    const snapshot = useSyncExternalStore(live.stream.subscribe, live.stream.getSnapshot);
    liveRenders.push(snapshot.text);
    return (
      <li data-message-id={live.messageId} data-phase={snapshot.phase}>
        {snapshot.text}
      </li>
    );
  }

  function Row({ message }: { message: TranscriptMessage }) {
    return (
      <li data-message-id={message.id} data-phase={message.phase}>
        {message.text}
      </li>
    );
  }

  function Chat() {
    const transcript = useTranscript(options);
    parentRenders.push(transcript);
    return (
      <ul>
        {transcript.messages.map((message) =>
          message.id === transcript.live?.messageId ? (
            <LiveRow key={message.id} live={transcript.live} />
          ) : (
            <Row key={message.id} message={message} />
          ),
        )}
      </ul>
    );
  }

  const view = render(<Chat />);
  return {
    view,
    parentRenders,
    liveRenders,
    latest: () => parentRenders[parentRenders.length - 1] as UseTranscriptResult,
  };
}

describe('useTranscript', () => {
  it('appends the user message and a connecting answer, posts the prompt, and commits the answer as done', async () => {
    const { url, requests } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('Hello'));
      response.end(sseEvent(' there') + sseEvent('', 'done'));
    });
    let nextId = 0;
    const chat = renderChat({
      url,
      createId: () => `id-${(nextId += 1)}`,
      initialMessages: [{ id: 'system', role: 'system', text: 'Be brief.' }],
    });

    const settled = chat.latest().send('Hi');
    await waitFor(() => expect(chat.latest().messages).toHaveLength(3));
    const sending = chat.latest();
    expect(sending.messages.slice(1)).toEqual([
      { id: 'id-1', role: 'user', text: 'Hi' },
      { id: 'id-2', role: 'assistant', text: '', phase: 'connecting', status: null, error: null },
    ]);
    expect(sending.live?.messageId).toBe('id-2');
    expect(sending.isStreaming).toBe(true);

    expect((await settled).phase).toBe('done');
    await waitFor(() => expect(chat.latest().live).toBeNull());
    const done = chat.latest();
    expect(done.isStreaming).toBe(false);
    expect(done.messages[2]).toEqual({
      id: 'id-2',
      role: 'assistant',
      text: 'Hello there',
      // The settled answer keeps its parts.
      parts: [{ type: 'text', id: expect.any(String), text: 'Hello there', state: 'done' }],
      phase: 'done',
      status: null,
      error: null,
    });

    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ prompt: 'Hi', messages: [{ role: 'system', text: 'Be brief.' }] });
    expect(chat.view.container.querySelector('[data-message-id="id-2"]')?.getAttribute('data-phase')).toBe('done');
  });

  it('keeps a stopped answer as aborted with the text shown so far, and sends it as history', async () => {
    const { url, requests } = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('partial'));
      if (requests.length === 1) {
        await seen.closed;
        return;
      }
      response.end(sseEvent('', 'done'));
    });
    const chat = renderChat({ url });

    void chat.latest().send('Tell me everything');
    await waitFor(() => expect(chat.liveRenders).toContain('partial'));
    chat.latest().stop();
    await waitFor(() => expect(chat.latest().live).toBeNull());

    const answer = chat.latest().messages[1];
    expect(answer).toMatchObject({ role: 'assistant', text: 'partial', phase: 'aborted', error: null });
    expect(await requests[0]?.closed).toEqual({ finished: false });

    await chat.latest().send('Go on');
    expect(JSON.parse(requests[1]?.body ?? '')).toEqual({
      prompt: 'Go on',
      messages: [
        { role: 'user', text: 'Tell me everything' },
        { role: 'assistant', text: 'partial' },
      ],
    });
    await waitFor(() => expect(chat.latest().messages).toHaveLength(4));
    // The stopped answer stays stopped; it is never marked done later.
    expect(chat.latest().messages[1]?.phase).toBe('aborted');
  });

  it('keeps the text received before a server error, with phase error and the error', async () => {
    const { url } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('Half an answer'));
      response.end(sseEvent('model overloaded', 'error'));
    });
    const onError = vi.fn();
    const chat = renderChat({ url, onError });

    const final = await chat.latest().send('Hi');
    await waitFor(() => expect(chat.latest().live).toBeNull());

    expect(final.phase).toBe('error');
    const answer = chat.latest().messages[1];
    expect(answer?.text).toBe('Half an answer');
    expect(answer?.phase).toBe('error');
    expect(answer?.error?.kind).toBe('server');
    expect(answer?.error?.message).toContain('model overloaded');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('renders the parent a bounded number of times while 2,000 tokens stream into the live row', async () => {
    const tokenCount = 2000;
    const { url } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      for (let index = 0; index < tokenCount; index += 1) await write(response, sseEvent(`w${index} `));
      response.end(sseEvent('', 'done'));
    });
    const chat = renderChat({ url });
    const parentRendersBefore = chat.parentRenders.length;

    const final = await chat.latest().send('Count');
    await waitFor(() => expect(chat.latest().live).toBeNull());

    expect(final.metrics.tokens).toBe(tokenCount);
    expect(chat.latest().messages[1]?.text.split(' ')).toHaveLength(tokenCount + 1);
    const parentRendersWhileStreaming = chat.parentRenders.length - parentRendersBefore;
    // send (messages + live) and settle (messages + live), batched by React: a handful, not thousands.
    expect(parentRendersWhileStreaming).toBeLessThan(10);
    expect(chat.liveRenders.length).toBeGreaterThan(1);
    expect(chat.liveRenders.length).toBeLessThanOrEqual(final.metrics.flushes + 2);
    console.info(`[figures] 2000 tokens: parent ${parentRendersWhileStreaming} renders, live row ${chat.liveRenders.length} renders, ${final.metrics.flushes} flushes`);
  });

  it('aborts the streaming answer on unmount without updating state afterwards', async () => {
    const { url, requests } = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('partial'));
      await seen.closed;
    });
    const chat = renderChat({ url });
    const settled = chat.latest().send('Hi');
    await waitFor(() => expect(chat.liveRenders).toContain('partial'));
    const rendersBeforeUnmount = chat.parentRenders.length;

    chat.view.unmount();
    expect((await settled).phase).toBe('aborted');
    expect(await requests[0]?.closed).toEqual({ finished: false });
    expect(chat.parentRenders).toHaveLength(rendersBeforeUnmount);
  });

  it('retry(answerId) re-sends that turn\'s prompt as exactly one new request and keeps the failed attempt', async () => {
    const { url, requests } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      if (requests.length === 1) {
        await write(response, sseEvent('Half'));
        response.end(sseEvent('model overloaded', 'error'));
        return;
      }
      response.end(sseEvent('Whole answer') + sseEvent('', 'done'));
    });
    let nextId = 0;
    const chat = renderChat({ url, createId: () => `id-${(nextId += 1)}` });

    const failed = await chat.latest().send('Explain sluices');
    expect(failed.phase).toBe('error');
    await waitFor(() => expect(chat.latest().live).toBeNull());
    expect(requests).toHaveLength(1);

    const retried = await chat.latest().retry('id-2');
    await waitFor(() => expect(chat.latest().live).toBeNull());

    expect(retried.phase).toBe('done');
    expect(requests).toHaveLength(2);
    const retryBody = JSON.parse(requests[1]?.body ?? '') as { prompt: string; messages: unknown[] };
    expect(retryBody.prompt).toBe('Explain sluices');
    // The failed attempt stays, with what it received, and the new attempt follows it.
    expect(chat.latest().messages.map(({ id, role, text, phase }) => ({ id, role, text, phase }))).toEqual([
      { id: 'id-1', role: 'user', text: 'Explain sluices', phase: undefined },
      { id: 'id-2', role: 'assistant', text: 'Half', phase: 'error' },
      { id: 'id-3', role: 'user', text: 'Explain sluices', phase: undefined },
      { id: 'id-4', role: 'assistant', text: 'Whole answer', phase: 'done' },
    ]);
    // Nothing re-sends on its own afterwards.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(2);
  });

  it('retry throws with a hint for an unknown id or a turn without a prompt', () => {
    const chat = renderChat({ url: 'http://127.0.0.1:9/never', initialMessages: [{ id: 'welcome', role: 'assistant', text: 'Hello' }] });
    expect(() => chat.latest().retry('missing')).toThrow(/found no message with that id/);
    expect(() => chat.latest().retry('welcome')).toThrow(/no user message before it/);
    expect(chat.latest().messages).toHaveLength(1);
  });

  it('throws on misuse (no url) and leaves the conversation untouched', async () => {
    const chat = renderChat({ initialMessages: [{ id: 'hello', role: 'assistant', text: 'Hello' }] });
    expect(() => chat.latest().send('Hi')).toThrow(/needs a url/);
    // Give React a chance to commit anything that was wrongly queued.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chat.latest().messages).toEqual([{ id: 'hello', role: 'assistant', text: 'Hello' }]);
    expect(chat.latest().live).toBeNull();
  });

  it('stops the running answer when a new prompt is sent, and clears everything on clear()', async () => {
    const firstGate = deferred();
    const { url, requests } = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      if (requests.length === 1) {
        await write(response, sseEvent('first'));
        firstGate.resolve();
        await seen.closed;
        return;
      }
      response.end(sseEvent('second') + sseEvent('', 'done'));
    });
    const chat = renderChat({ url });
    const first = chat.latest().send('One');
    await firstGate.promise;
    await waitFor(() => expect(chat.liveRenders).toContain('first'));
    const second = await chat.latest().send('Two');

    expect((await first).phase).toBe('aborted');
    expect(second.text).toBe('second');
    await waitFor(() => expect(chat.latest().live).toBeNull());
    expect(chat.latest().messages.map((message) => [message.role, message.text, message.phase])).toEqual([
      ['user', 'One', undefined],
      ['assistant', 'first', 'aborted'],
      ['user', 'Two', undefined],
      ['assistant', 'second', 'done'],
    ]);

    chat.latest().clear();
    await waitFor(() => expect(chat.latest().messages).toEqual([]));
    expect(chat.latest().isStreaming).toBe(false);
  });
});
