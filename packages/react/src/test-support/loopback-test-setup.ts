import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { startLoopbackServer } from '@sluice/core/testing';
import type { LoopbackHandler, LoopbackServer } from '@sluice/core/testing';
import { movePageToOrigin } from './same-origin-page.js';

export interface LoopbackTestSetup {
  /** Starts a loopback server for this test and moves the page to its origin (no CORS preflight). */
  serve(handler: LoopbackHandler): Promise<LoopbackServer>;
  /** The `console.error` spy: React reports act problems and updates after unmount through it. */
  consoleError(): MockInstance<typeof console.error>;
}

/**
 * Registers the hooks every test against a loopback server needs: one server per test, closed
 * afterwards, and a failure if React wrote anything to `console.error` during the test.
 */
export function setUpLoopbackTests(): LoopbackTestSetup {
  let server: LoopbackServer | undefined;
  let consoleError: MockInstance<typeof console.error> | undefined;

  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error');
  });

  afterEach(async () => {
    cleanup();
    await server?.close();
    server = undefined;
    expect(consoleError).not.toHaveBeenCalled();
    consoleError?.mockRestore();
  });

  return {
    async serve(handler) {
      server = await startLoopbackServer(handler);
      movePageToOrigin(server.url);
      return server;
    },
    consoleError: () => {
      if (!consoleError) throw new Error('consoleError() is only available inside a test');
      return consoleError;
    },
  };
}
