import { createTokenStream } from '@sluice/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { contentTypes, sseEvent, startStream, write } from '@sluice/core/testing';
import { StopButton } from './stop-button.js';
import { setUpLoopbackTests } from './test-support/loopback-test-setup.js';

const { serve } = setUpLoopbackTests();

describe('StopButton', () => {
  it('is disabled while idle, aborts the running stream on click, and is disabled again', async () => {
    const server = await serve(async (_request, response, seen) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent('partial'));
      await seen.closed;
    });
    const stream = createTokenStream({ url: server.url });
    render(<StopButton stream={stream} />);
    const button = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.type).toBe('button');

    const final = stream.start();
    await waitFor(() => expect(stream.getSnapshot().text).toBe('partial'));
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);

    expect(stream.getSnapshot().phase).toBe('aborted');
    expect((await final).text).toBe('partial');
    expect(await server.requests[0]?.closed).toEqual({ finished: false });
    await waitFor(() => expect(button.disabled).toBe(true));
  });

  it('stays enabled while a dropped stream is reconnecting, and Stop ends it with no further request', async () => {
    let cut = () => {};
    const textArrived = new Promise<void>((resolve) => (cut = resolve));
    const server = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, 'id: 1\ndata: partial\n\n');
      // Cut only once the page has the text: a drop after the first byte is the one that resumes.
      await textArrived;
      response.socket?.destroy();
    });
    // A long wait before the attempt, so the phase stays `reconnecting` until Stop.
    const stream = createTokenStream({ url: server.url, reconnect: { delay: () => 60_000 } });
    render(<StopButton stream={stream} />);
    const button = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    const final = stream.start();
    await waitFor(() => expect(stream.getSnapshot().text).toBe('partial'));
    cut();
    await waitFor(() => expect(stream.getSnapshot().phase).toBe('reconnecting'));
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    expect((await final).phase).toBe('aborted');
    expect(stream.getSnapshot().text).toBe('partial');
    expect(server.requests).toHaveLength(1);
  });

  it('calls onStop when streaming and cannot be clicked when nothing streams', () => {
    const onStop = vi.fn();
    const { rerender } = render(<StopButton onStop={onStop} isStreaming={false} />);
    const button = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(onStop).not.toHaveBeenCalled();

    rerender(<StopButton onStop={onStop} isStreaming />);
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('prefers onStop over the stream and lets an onClick that prevents default cancel it', () => {
    const stream = createTokenStream({ url: 'http://127.0.0.1:9/unused' });
    const abort = vi.spyOn(stream, 'abort');
    const onStop = vi.fn();
    const { rerender } = render(<StopButton stream={stream} onStop={onStop} isStreaming />);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(abort).not.toHaveBeenCalled();

    rerender(<StopButton stream={stream} onStop={onStop} isStreaming onClick={(event) => event.preventDefault()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });
});
