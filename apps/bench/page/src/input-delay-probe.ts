import type { InputSample } from './bench-protocol';
import type { FrameMonitor } from './frame-monitor';

/**
 * Times the key presses the runner sends to the page's text field (`#bench-input`, outside the
 * React root, so every contender has the same one).
 *
 * - Press: `event.timeStamp`. For a CDP `Input.dispatchKeyEvent` without a `timestamp`,
 *   Chromium stamps the event when the browser process handles the command, on the clock of
 *   the page's `performance.now()`; a press sent while the main thread is busy keeps that time
 *   and is handled later (see apps/bench/README.md for how this was checked).
 * - Handler: `performance.now()` as the keydown listener starts.
 * - Next paint: the frame monitor's "painted" time for the DOM as the handler left it: the
 *   first task after the next frame's rendering steps (the typed character is in that frame).
 */
export interface InputDelayProbe {
  /** Every press handled so far, in order; the runner keeps the ones inside the run. */
  samples(): readonly InputSample[];
  /** Presses whose next paint is still to come. */
  pendingPaints(): number;
}

export function createInputDelayProbe(frames: FrameMonitor): InputDelayProbe {
  const field = document.getElementById('bench-input');
  if (!(field instanceof HTMLInputElement)) throw new Error('#bench-input is missing from index.html');
  const samples: InputSample[] = [];
  let pending = 0;

  field.addEventListener('keydown', (event) => {
    const handlerAt = performance.now();
    const sample: InputSample = { pressedAt: event.timeStamp, handlerAt, paintedAt: null };
    samples.push(sample);
    pending += 1;
    frames.whenPainted((paintedAt) => {
      sample.paintedAt = paintedAt;
      pending -= 1;
    });
  });
  // The field keeps a short value: a growing one would add its own layout cost to later presses.
  field.addEventListener('input', () => {
    if (field.value.length > 20) field.value = '';
  });

  return { samples: () => samples, pendingPaints: () => pending };
}
