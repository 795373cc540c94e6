import type { CDPSession } from 'playwright-core';

/** What a key press needs in CDP; `text` makes it type a character, as a real key does. */
const keyA = { key: 'a', code: 'KeyA', text: 'a', unmodifiedText: 'a', windowsVirtualKeyCode: 65, nativeVirtualKeyCode: 65 };

export interface KeyPresser {
  /** One press now, besides the regular ones (the runner presses once more as soon as start() has run). */
  pressNow(): void;
  /** Stops pressing and waits (at most `timeoutMs`) until the page has handled every press sent. */
  stop(timeoutMs: number): Promise<{ sent: number; acknowledged: number }>;
}

/**
 * Presses a key in the focused field every `intervalMs`, the first one at once, through CDP
 * `Input.dispatchKeyEvent` (the same for every contender). No `timestamp` is passed: Chromium
 * stamps the event when the browser handles the command, which is the press time the page
 * reads as `event.timeStamp`.
 *
 * Presses are not awaited one by one: Chromium answers a dispatch only after the renderer has
 * handled the event, so awaiting would hold the next press behind a busy page, and a user does
 * not wait for the page before pressing again.
 */
export function startKeyPresses(session: CDPSession, intervalMs: number): KeyPresser {
  const pending: Array<Promise<unknown>> = [];
  let sent = 0;
  let acknowledged = 0;
  const press = () => {
    sent += 1;
    const down = session.send('Input.dispatchKeyEvent', { type: 'keyDown', ...keyA });
    const up = session.send('Input.dispatchKeyEvent', { type: 'keyUp', key: keyA.key, code: keyA.code, windowsVirtualKeyCode: 65, nativeVirtualKeyCode: 65 });
    pending.push(
      Promise.all([down, up]).then(
        () => {
          acknowledged += 1;
        },
        () => undefined, // the page closed or froze; the press simply has no sample
      ),
    );
  };
  press();
  const timer = setInterval(press, intervalMs);
  return {
    pressNow: press,
    async stop(timeoutMs) {
      clearInterval(timer);
      await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
      return { sent, acknowledged };
    },
  };
}
