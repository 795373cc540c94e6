import { useEffect, useLayoutEffect } from 'react';

/**
 * `useLayoutEffect` in the browser, `useEffect` on the server. Layout effects never run on the
 * server anyway; React 18 warns "useLayoutEffect does nothing on the server" for each one, and
 * `useEffect` is the no-op that stays quiet there.
 */
export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;
