import { createTokenStream } from '@sluice/core';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contentTypes, sseEvent, startStream, write } from '@sluice/core/testing';
import { StatusLine } from './status-line.js';
import { setUpLoopbackTests } from './test-support/loopback-test-setup.js';

const { serve } = setUpLoopbackTests();

describe('StatusLine', () => {
  it('shows the phase with the latest status label and percent', () => {
    render(<StatusLine phase="streaming" status={{ type: 'progress', data: { label: 'Searching', percent: 40 } }} />);
    const line = screen.getByRole('status');
    expect(line.textContent).toBe('Streaming… Searching 40%');
    expect(line.getAttribute('data-phase')).toBe('streaming');
  });

  it('says Reconnecting… while a dropped stream resumes, without a stale status', () => {
    render(<StatusLine phase="reconnecting" status={{ type: 'progress', data: { percent: 40 } }} />);
    const line = screen.getByRole('status');
    expect(line.textContent).toBe('Reconnecting…');
    expect(line.getAttribute('data-phase')).toBe('reconnecting');
  });

  it('falls back to the status type when the data has no label or percent', () => {
    render(<StatusLine phase="connecting" status={{ type: 'tool_call', data: 'weather' }} />);
    expect(screen.getByRole('status').textContent).toBe('Connecting… tool_call');
  });

  it('says how a run ended, with the error message, and drops the status once settled', () => {
    const { rerender } = render(
      <StatusLine phase="error" status={{ type: 'progress', data: { percent: 10 } }} error={{ kind: 'server', message: 'Overloaded' }} />,
    );
    expect(screen.getByRole('status').textContent).toBe('Error: Overloaded');
    rerender(<StatusLine phase="aborted" phaseLabels={{ aborted: 'Cancelled' }} />);
    expect(screen.getByRole('status').textContent).toBe('Cancelled');
    rerender(<StatusLine />);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('follows a stream by itself: the latest status while streaming, then done', async () => {
    let releaseEnd = () => {};
    const ended = new Promise<void>((resolve) => (releaseEnd = resolve));
    const server = await serve(async (_request, response) => {
      startStream(response, contentTypes.sse);
      await write(response, sseEvent(JSON.stringify({ label: 'Reading', percent: 12.4 }), 'progress'));
      await write(response, sseEvent('Hello'));
      await ended;
      response.end(sseEvent('', 'done'));
    });
    const stream = createTokenStream({ url: server.url });
    render(<StatusLine stream={stream} />);
    expect(screen.getByRole('status').textContent).toBe('');

    const final = stream.start();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Streaming… Reading 12%'));
    releaseEnd();
    await final;
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Done'));
  });
});
