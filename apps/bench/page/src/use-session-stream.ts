import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RunSession, StreamControls } from './run-session';

/** Registers one contender stream's start/Stop, read through a ref so the latest closures run. */
export function useSessionStream(session: RunSession, index: number, controls: StreamControls): void {
  const controlsRef = useRef(controls);
  useLayoutEffect(() => {
    controlsRef.current = controls;
  });
  useEffect(() => {
    session.register(index, {
      start: () => controlsRef.current.start(),
      stop: () => controlsRef.current.stop(),
    });
  }, [session, index]);
}

/** Reports stream `index`'s text length from a layout effect: it runs in the commit that put the text in the DOM. */
export function useReportLength(session: RunSession, index: number, length: number): void {
  useLayoutEffect(() => {
    session.reportLength(index, length);
  }, [session, index, length]);
}

/** Reports a contender's error once it appears. */
export function useReportError(session: RunSession, error: unknown): void {
  useEffect(() => {
    if (error === null || error === undefined) return;
    const message = error instanceof Error ? error.message : typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
    session.fail(message);
  }, [session, error]);
}
