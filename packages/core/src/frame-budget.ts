/**
 * Decides how many frames the clock lets pass between flushes, from how long frames really take.
 * Pure arithmetic on measured samples, so the clock's tests can drive it with made-up frames.
 *
 * - The base interval is the display's own frame interval: the shortest frame seen lately
 *   (8.3 ms on a 120 Hz screen, 16.7 ms on a 60 Hz one), never above a 60 Hz frame, so a page
 *   that is busy from the first frame still has a sensible budget.
 * - A flush frame over 1.5× the base missed its vsync. The stride becomes the power of two of
 *   frames that covers that frame's cost in whole vsyncs (a 50 ms flush frame at 60 Hz, three
 *   vsyncs: every 4th frame), at once, so
 *   at most about half of the time goes to flush frames and input gets the rest; capped so the
 *   interval never exceeds the maximum (250 ms).
 * - Only flush frames decide. Flush frames under 1.2× the base want a stride of 1; between the
 *   two factors the stride stays. Asking for less takes two flush frames in a row and halves
 *   the stride per step: the gap between the factors and the two-frame rule keep the stride
 *   from flapping.
 * - A flush frame is charged only what it costs beyond the page's own frames: the frames without
 *   a flush tell how long the page takes anyway (a slow device, an app busy in every frame).
 *   Stretching cannot make that work cheaper; it only packs more text into each flush, which
 *   makes each flush frame longer still and the page slower to answer a key press.
 */

/** A frame over this many base intervals overran its budget. */
export const overrunFactor = 1.5;
/** A flush frame under this many base intervals was cheap. */
export const cheapFactor = 1.2;
/** Cheap flush frames in a row before the stride halves. */
export const cheapFlushesToShrink = 2;

const sixtyHertzFrameMs = 1000 / 60;
/** Shorter samples are not frames (e.g. a callback right after a timer tick). */
const shortestFrameMs = 4;
/** How many recent frames the base interval is taken from, so a display change is noticed. */
const baseWindow = 60;
/** How many recent frames without a flush tell what the page's own frames cost. */
const idleWindow = 8;

export interface FrameBudget {
  /** Frames between flushes: 1, 2, 4, … */
  readonly stride: number;
  /** The display's frame interval as measured (ms). */
  readonly baseIntervalMs: number;
  /** The interval between flushes the stride amounts to, capped (ms). */
  readonly flushIntervalMs: number;
  /** One measured frame: how long it took, and whether the clock flushed in it. */
  record(durationMs: number, flushed: boolean): void;
}

function powerOfTwoAtLeast(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}

export function createFrameBudget(maxIntervalMs: number): FrameBudget {
  const recent: number[] = [];
  const idle: number[] = [];
  let baseIntervalMs = sixtyHertzFrameMs;
  let stride = 1;
  let lowerInARow = 0;

  // The epsilon keeps 250 / (1000 / 60) at 15 frames despite floating point.
  const maxStride = () => Math.max(1, Math.floor(maxIntervalMs / baseIntervalMs + 1e-9));

  function noteBase(durationMs: number): void {
    recent.push(durationMs);
    if (recent.length > baseWindow) recent.shift();
    baseIntervalMs = Math.min(sixtyHertzFrameMs, ...recent);
  }

  /** How much longer than the base the page's frames are without any flush (median of recent ones). */
  function idleExcessMs(): number {
    if (idle.length === 0) return 0;
    const sorted = [...idle].sort((a, b) => a - b);
    return Math.max(0, (sorted[Math.floor(sorted.length / 2)] ?? 0) - baseIntervalMs);
  }

  /** The stride one flush frame of this cost asks for. */
  function wantedStride(durationMs: number): number {
    // Frame intervals are whole vsyncs give or take jitter: count them before rounding up.
    if (durationMs > overrunFactor * baseIntervalMs) return powerOfTwoAtLeast(Math.round(durationMs / baseIntervalMs));
    if (durationMs < cheapFactor * baseIntervalMs) return 1;
    return stride;
  }

  return {
    get stride() {
      return stride;
    },
    get baseIntervalMs() {
      return baseIntervalMs;
    },
    get flushIntervalMs() {
      return Math.min(maxIntervalMs, stride * baseIntervalMs);
    },
    record(durationMs, flushed) {
      if (!(durationMs >= shortestFrameMs)) return;
      noteBase(durationMs);
      if (!flushed) {
        idle.push(durationMs);
        if (idle.length > idleWindow) idle.shift();
        return;
      }
      const wanted = Math.min(wantedStride(durationMs - idleExcessMs()), maxStride());
      if (wanted > stride) {
        stride = wanted;
        lowerInARow = 0;
      } else if (wanted < stride) {
        lowerInARow += 1;
        if (lowerInARow >= cheapFlushesToShrink) {
          stride = Math.max(wanted, Math.floor(stride / 2));
          lowerInARow = 0;
        }
      } else {
        lowerInARow = 0;
      }
    },
  };
}
