import { useEffect } from 'react';

/**
 * Plays a slow device: burns `milliseconds` of main-thread time in every animation frame, so
 * flushes come late and rarely and the stream's backpressure has something to push against.
 * `0` turns it off.
 */
export function useMainThreadBurner(milliseconds: number): void {
  useEffect(() => {
    if (milliseconds <= 0) return;
    let frame = requestAnimationFrame(function burn() {
      const until = performance.now() + milliseconds;
      while (performance.now() < until) {
        // Busy on purpose: this is the cost of a heavy renderer.
      }
      frame = requestAnimationFrame(burn);
    });
    return () => cancelAnimationFrame(frame);
  }, [milliseconds]);
}
