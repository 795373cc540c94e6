import type { Browser } from 'playwright-core';
import { startKeyPresses } from './key-presser';

interface ClockSample {
  pressedAt: number;
  handlerAt: number;
}

interface BusyWindow {
  from: number;
  to: number;
}

declare global {
  interface Window {
    __clockSamples?: ClockSample[];
    __busyWindow?: BusyWindow;
  }
}

/**
 * Checks what the input-delay figures rest on: a CDP key press reaches the page with
 * `event.timeStamp` on the page's `performance.now()` clock, stamped when it was dispatched,
 * not when the handler ran. A press sent while the page busy-waits must carry a time inside
 * the busy window and be handled after it. Order only, no durations asserted. Returns failures.
 */
export async function checkInputClock(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<input id="field" aria-label="field">');
    await page.evaluate(() => {
      window.__clockSamples = [];
      document.getElementById('field')?.addEventListener('keydown', (event) => {
        window.__clockSamples?.push({ pressedAt: event.timeStamp, handlerAt: performance.now() });
      });
    });
    await page.focus('#field');
    const cdp = await context.newCDPSession(page);

    const idle = startKeyPresses(cdp, 60_000);
    await idle.stop(5000);
    const busy = page.evaluate(() => {
      const from = performance.now();
      while (performance.now() < from + 1500) {
        // The page is busy; a press arriving now waits for the handler.
      }
      window.__busyWindow = { from, to: performance.now() };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const duringBusy = startKeyPresses(cdp, 60_000);
    await busy;
    await duringBusy.stop(5000);

    const { samples, window: busyWindow } = await page.evaluate(() => ({ samples: window.__clockSamples ?? [], window: window.__busyWindow }));
    const failures: string[] = [];
    const [idleSample, busySample] = samples;
    if (samples.length !== 2 || idleSample === undefined || busySample === undefined || busyWindow === undefined) {
      return [`input clock: expected 2 handled presses and a busy window, got ${samples.length} presses`];
    }
    if (!(idleSample.pressedAt > 0 && idleSample.pressedAt <= idleSample.handlerAt)) {
      failures.push(`input clock: an idle press was stamped ${idleSample.pressedAt} and handled at ${idleSample.handlerAt} (expected 0 < press ≤ handler)`);
    }
    if (!(busyWindow.from < busySample.pressedAt && busySample.pressedAt < busyWindow.to && busyWindow.to <= busySample.handlerAt)) {
      failures.push(
        `input clock: a press sent during a busy window ${busyWindow.from.toFixed(1)}–${busyWindow.to.toFixed(1)} was stamped ${busySample.pressedAt.toFixed(1)} and handled at ${busySample.handlerAt.toFixed(1)}: event.timeStamp is not the dispatch time on the page clock`,
      );
    }
    return failures;
  } finally {
    await context.close().catch(() => undefined);
  }
}
