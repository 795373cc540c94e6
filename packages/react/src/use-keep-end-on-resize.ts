import { useEffect, useRef } from 'react';

/**
 * Keeps the log pinned to its end when the log itself changes height while the user reads at
 * the bottom: a prompt box growing with its text, a phone's on-screen keyboard, a status line.
 * Without this a log that shrinks by one line is no longer "at the end", and the virtualizer
 * stops following new output although the user never scrolled.
 */
export function useKeepEndOnResize(getScrollElement: () => HTMLElement | null, isFollowing: boolean, scrollToEnd: () => void): void {
  const followingRef = useRef(isFollowing);
  const scrollToEndRef = useRef(scrollToEnd);
  useEffect(() => {
    followingRef.current = isFollowing;
    scrollToEndRef.current = scrollToEnd;
  });

  useEffect(() => {
    const element = getScrollElement();
    if (element === null || typeof ResizeObserver === 'undefined') return;
    let height = element.clientHeight;
    const observer = new ResizeObserver(() => {
      const next = element.clientHeight;
      if (next === height) return;
      height = next;
      if (followingRef.current) scrollToEndRef.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [getScrollElement]);
}
