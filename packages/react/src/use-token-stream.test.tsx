import { sse } from '@sluice/core';
import type { StreamAction, TokenStreamOptions } from '@sluice/core';
import { render, waitFor } from '@testing-library/react';
import { Profiler, StrictMode, useEffect } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createManualSchedule, contentTypes, sseEvent, startStream, write } from '@sluice/core/testing';
import { deferred } from './test-support/deferred.js';
import { setUpLoopbackTests } from './test-support/loopback-test-setup.js';
import { nodeHttpFetch } from './test-support/node-http-fetch.js';
import { useTokenStream } from './use-token-stream.js';
import type { UseTokenStreamResult } from './use-token-stream.js';

const { serve, consoleError } = setUpLoopbackTests();

/** Renders the hook and records every render's result, so tests can inspect the whole history. */
function renderProbe(options: TokenStreamOptions, wrap: (element: React.ReactElement) => React.ReactElement = (element) => element) {
  const renders: UseTokenStreamResult[] = [];
  function Probe({ probeOptions }: { probeOptions: TokenStreamOptions }) {
    const result = useTokenStream(probeOptions);
    renders.push(result);
    return <output data-phase={result.phase}>{result.text}</output>;
  }
  const view = render(wrap(<Probe probeOptions={options} />));
  return {
    renders,
    latest: () => renders[renders.length - 1] as UseTokenStreamResult,
    rerender: (next: TokenStreamOptions) => view.rerender(wrap(<Probe probeOptions={next} />)),
    unmount: () => view.unmount(),
  };
}

function distinct<T>(values: T[]): T[] {
  return values.filter((value, index) => index === 0 || value !== values[index - 1]);
}

describe('useTokenStream', () => {
  it('goes through idle, connecting, streaming and done, one flush at a time', async () => {
    const headersGate = deferred();
    const restGate = deferred();
    const { url } = await serve(async (_request, response) => {
      await headersGate.promise;
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('Hello'));
      await restGate.promise;
      await write(response, sseEvent(' world'));
      response.end(sseEvent('', 'done'));
    });
    const probe = renderProbe({ url });
    expect(probe.latest().phase).toBe('idle');

    const finished = probe.latest().start();
    await waitFor(() => expect(probe.latest().phase).toBe('connecting'));
    headersGate.resolve();
    await waitFor(() => expect(probe.latest().text).toBe('Hello'));
    expect(probe.latest().phase).toBe('streaming');
    restGate.resolve();
    const final = await finished;
    await waitFor(() => expect(probe.latest().phase).toBe('done'));

    expect(probe.latest().text).toBe('Hello world');
    expect(final.text).toBe('Hello world');
    expect(distinct(probe.renders.map((result) => result.phase))).toEqual(['idle', 'connecting', 'streaming', 'done']);
    expect(probe.latest().error).toBeNull();
    expect(probe.latest().metrics.tokens).toBe(2);
  });

  it('keeps start, abort, reset and stream stable, runs the newest callbacks and never restarts on new options', async () => {
    const secondTokenGate = deferred();
    const { url, requests } = await serve(async (request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('one'));
      if (request.url === '/first') await secondTokenGate.promise;
      response.end(sseEvent('two') + sseEvent('', 'done'));
    });
    const firstOnToken = vi.fn();
    const secondOnToken = vi.fn();
    const firstOnFinish = vi.fn();
    const secondOnFinish = vi.fn();
    const probe = renderProbe({ url: `${url}/first`, onToken: firstOnToken, onFinish: firstOnFinish });
    const first = probe.latest();

    const finished = first.start();
    await vi.waitFor(() => expect(firstOnToken).toHaveBeenCalledWith('one'));
    probe.rerender({ url: `${url}/second`, onToken: secondOnToken, onFinish: secondOnFinish, highWaterMark: 2048 });
    const afterRerender = probe.latest();
    expect(afterRerender.start).toBe(first.start);
    expect(afterRerender.abort).toBe(first.abort);
    expect(afterRerender.reset).toBe(first.reset);
    expect(afterRerender.stream).toBe(first.stream);

    secondTokenGate.resolve();
    const final = await finished;
    expect(final.phase).toBe('done');
    expect(final.text).toBe('onetwo');
    // The running request was neither restarted nor dropped by the new options.
    expect(requests.map((seen) => seen.path)).toEqual(['/first']);
    expect(firstOnToken.mock.calls).toEqual([['one']]);
    expect(secondOnToken.mock.calls).toEqual([['two']]);
    expect(firstOnFinish).not.toHaveBeenCalled();
    expect(secondOnFinish).toHaveBeenCalledTimes(1);

    // The next start uses the new options.
    await probe.latest().start();
    expect(requests.map((seen) => seen.path)).toEqual(['/first', '/second']);
    expect(probe.latest().start).toBe(first.start);
  });

  it('runs callbacks passed to start() for that run instead of the hook ones', async () => {
    const { url } = await serve((_request, response) => {
      startStream(response, contentTypes.sse);
      response.end(sseEvent('hi') + sseEvent('', 'done'));
    });
    const hookOnFinish = vi.fn();
    const runOnFinish = vi.fn();
    const probe = renderProbe({ url, onFinish: hookOnFinish });

    await probe.latest().start({ onFinish: runOnFinish });
    expect(runOnFinish).toHaveBeenCalledTimes(1);
    expect(hookOnFinish).not.toHaveBeenCalled();

    await probe.latest().start();
    expect(hookOnFinish).toHaveBeenCalledTimes(1);
    expect(runOnFinish).toHaveBeenCalledTimes(1);
  });

  it('renders the idle state on the server', () => {
    function Server() {
      const { text, phase } = useTokenStream({ url: 'http://127.0.0.1:9/never' });
      return <output data-phase={phase}>{text}</output>;
    }
    expect(renderToString(<Server />)).toBe('<output data-phase="idle"></output>');
  });

  it('aborts the request on unmount and renders nothing afterwards', async () => {
    const { url, requests } = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('partial'));
      await seen.closed;
    });
    const onFinish = vi.fn();
    const probe = renderProbe({ url, onFinish });
    void probe.latest().start();
    await waitFor(() => expect(probe.latest().text).toBe('partial'));
    const stream = probe.latest().stream;
    const rendersBeforeUnmount = probe.renders.length;

    probe.unmount();
    await requests[0]?.closed;

    expect(requests).toHaveLength(1);
    expect(await requests[0]?.closed).toEqual({ finished: false });
    expect(stream.getSnapshot().phase).toBe('aborted');
    expect(stream.getSnapshot().text).toBe('partial');
    // Let any stray flush or promise callback run before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(probe.renders).toHaveLength(rendersBeforeUnmount);
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(consoleError()).not.toHaveBeenCalled();
  });

  it('leaves exactly one open request under StrictMode when a component starts in an effect', async () => {
    // nodeHttpFetch: happy-dom's fetch loses an abort that comes before it sends (see its file).
    const { url, requests, openRequests } = await serve(async (request, response, seen) => {
      startStream(response, contentTypes.sse);
      const run = new URL(request.url ?? '/', 'http://localhost').searchParams.get('run');
      await write(response, sseEvent(`run-${run}`));
      await seen.closed;
    });
    let runCounter = 0;
    const renders: string[] = [];
    function AutoStart() {
      const { text, start } = useTokenStream({ url, fetch: nodeHttpFetch });
      renders.push(text);
      useEffect(() => {
        runCounter += 1;
        void start({ url: `${url}/?run=${runCounter}` });
      }, [start]);
      return <output>{text}</output>;
    }
    const view = render(
      <StrictMode>
        <AutoStart />
      </StrictMode>,
    );

    expect(runCounter).toBe(2);
    await waitFor(() => expect(view.container.textContent).toBe('run-2'));
    const shown = requests.find((seen) => seen.path === '/?run=2');
    expect(shown).toBeDefined();
    await Promise.all(requests.filter((seen) => seen !== shown).map((seen) => seen.closed));
    expect(openRequests()).toEqual([shown]);
    expect(renders.some((text) => text.includes('run-1'))).toBe(false);

    view.unmount();
    await shown?.closed;
    expect(openRequests()).toHaveLength(0);
  });

  it('never shows the text of a run that a second start() superseded, even with its tokens already parsed', async () => {
    const { url, requests } = await serve(async (request, response, seen) => {
      startStream(response, contentTypes.sse);
      if (request.url === '/one') {
        await write(response, sseEvent('one'));
        await seen.closed;
        return;
      }
      response.end(sseEvent('two') + sseEvent('', 'done'));
    });
    const manual = createManualSchedule();
    const onToken = vi.fn();
    const probe = renderProbe({ url, schedule: manual.schedule, onToken });

    void probe.latest().start({ url: `${url}/one` });
    // Parsed but not published: the first run's 'one' sits in the pending buffer.
    await vi.waitFor(() => expect(onToken).toHaveBeenCalledWith('one'));
    expect(manual.hasPending()).toBe(true);
    const final = probe.latest().start({ url: `${url}/two` });
    await vi.waitFor(() => {
      manual.flush();
      expect(probe.latest().phase).toBe('done');
    });

    expect((await final).text).toBe('two');
    expect(probe.latest().text).toBe('two');
    expect(probe.renders.some((result) => result.text.includes('one'))).toBe(false);
    expect(await requests[0]?.closed).toEqual({ finished: false });
  });

  it('shows only the second run when start() is called twice in the same tick', async () => {
    const { url } = await serve(async (request, response, seen) => {
      startStream(response, contentTypes.sse);
      const run = new URL(request.url ?? '/', 'http://localhost').searchParams.get('run');
      if (run === '1') {
        await write(response, sseEvent('first'));
        await seen.closed;
        return;
      }
      response.end(sseEvent('second') + sseEvent('', 'done'));
    });
    const probe = renderProbe({ url });
    const superseded = probe.latest().start({ url: `${url}/?run=1` });
    const final = probe.latest().start({ url: `${url}/?run=2` });

    expect((await superseded).phase).toBe('aborted');
    expect((await final).text).toBe('second');
    await waitFor(() => expect(probe.latest().phase).toBe('done'));
    expect(probe.renders.some((result) => result.text.includes('first'))).toBe(false);
  });

  it('coalesces many status events within one flush into one render of the latest', async () => {
    const statusCount = 50;
    const { url } = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      for (let percent = 1; percent <= statusCount; percent += 1) {
        await write(response, sseEvent(JSON.stringify({ label: 'Searching', percent }), 'progress'));
      }
      await seen.closed;
    });
    const manual = createManualSchedule();
    const onStatus = vi.fn();
    const probe = renderProbe({ url, schedule: manual.schedule, onStatus });
    void probe.latest().start();
    await vi.waitFor(() => expect(onStatus).toHaveBeenCalledTimes(statusCount));
    await waitFor(() => expect(probe.latest().phase).toBe('connecting'));
    const rendersBeforeFlush = probe.renders.length;

    expect(manual.hasPending()).toBe(true);
    manual.flush();
    await waitFor(() => expect(probe.latest().status).not.toBeNull());

    const newRenders = probe.renders.slice(rendersBeforeFlush);
    expect(newRenders).toHaveLength(1);
    expect(newRenders[0]?.phase).toBe('streaming');
    expect(newRenders[0]?.status).toEqual({ type: 'progress', data: { label: 'Searching', percent: statusCount } });
    expect(newRenders[0]?.metrics.droppedStatus).toBe(statusCount - 1);
    expect(newRenders[0]?.metrics.flushes).toBe(1);
  });

  it('commits at most once per flush while 5,000 tokens arrive as fast as the server can send them', async () => {
    const tokenCount = 5000;
    const { url } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      for (let index = 0; index < tokenCount; index += 1) await write(response, sseEvent(`t${index} `));
      response.end(sseEvent('', 'done'));
    });
    let commits = 0;
    const probe = renderProbe({ url }, (element) => (
      <Profiler id="stream" onRender={() => (commits += 1)}>
        {element}
      </Profiler>
    ));
    const commitsAtMount = commits;
    const final = await probe.latest().start();
    await waitFor(() => expect(probe.latest().phase).toBe('done'));

    expect(final.metrics.tokens).toBe(tokenCount);
    expect(probe.latest().text.split(' ')).toHaveLength(tokenCount + 1);
    const streamingCommits = commits - commitsAtMount;
    // One commit for `connecting` (published at once by start()), then one per flush at most.
    expect(streamingCommits).toBeLessThanOrEqual(final.metrics.flushes + 1);
    expect(streamingCommits).toBeLessThan(tokenCount / 10);
    console.info(`[figures] 5000 tokens: ${streamingCommits} commits, ${final.metrics.flushes} flushes, ${final.metrics.bytes} bytes`);
  });

  it('returns the message parts, finishReason and cursor of the snapshot', async () => {
    const { url } = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, `id: 1\n${sseEvent(JSON.stringify([{ type: 'start', part: { type: 'reasoning', id: 'r1', text: 'Thinking' } }]))}`);
      await write(response, `id: 2\n${sseEvent(JSON.stringify([{ type: 'start', part: { type: 'tool', id: 't1', name: 'search' } }, { type: 'append', id: 't1', text: '{}' }]))}`);
      await write(response, `id: 3\n${sseEvent(JSON.stringify([{ type: 'token', text: 'Found it.' }, { type: 'finish', reason: 'stop' }, { type: 'done' }]))}`);
      response.end();
    });
    const protocol = sse({
      map: (event) => [{ type: 'cursor', id: event.id ?? '' } as StreamAction, ...(JSON.parse(event.data) as StreamAction[])],
    });
    const probe = renderProbe({ url, protocol });
    expect(probe.latest().parts).toEqual([]);
    expect(probe.latest().finishReason).toBeNull();
    expect(probe.latest().cursor).toBeNull();
    const final = await probe.latest().start();
    await waitFor(() => expect(probe.latest().phase).toBe('done'));

    const latest = probe.latest();
    expect(latest.parts).toBe(final.parts);
    expect(latest.parts).toEqual([
      { type: 'reasoning', id: 'r1', text: 'Thinking', state: 'done' },
      { type: 'tool', id: 't1', name: 'search', inputText: '{}', state: 'input-streaming' },
      { type: 'text', id: 'text-1', text: 'Found it.', state: 'done' },
    ]);
    expect(latest.text).toBe('Found it.');
    expect(latest.finishReason).toBe('stop');
    expect(latest.cursor).toBe('3');
  });
});
