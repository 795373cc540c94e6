import { useCallback, useEffect, useRef, useState } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

export interface FollowOutput {
  /** False once the user scrolled away from the bottom; true again when they return. */
  isFollowing: boolean;
  /** Messages added since the user scrolled away (0 while following). */
  newMessageCount: number;
}

/**
 * Tracks whether the user reads at the bottom of the log. The virtualizer itself keeps the
 * view pinned (`anchorTo: 'end'`, `followOnAppend`, end-anchored resizes) while it is at the
 * end; this hook only reports the state for the "Jump to latest" control, and asks the
 * virtualizer's own `isAtEnd()`, so "at the bottom" has one definition (`scrollEndThreshold`).
 *
 * Only scroll events decide: content growth alone never detaches, because an append is laid
 * out one step before the virtualizer's follow-up scroll, and reading the gap in between would
 * flash the control on every new message. Of those, only upward moves detach (see below).
 */
export function useFollowOutput(getScrollElement: () => HTMLElement | null, isAtEnd: () => boolean, messageCount: number): FollowOutput {
  // The message count when the user scrolled away, or null while following.
  const [detachedAt, setDetachedAt] = useState<number | null>(null);
  const detachedAtRef = useRef<number | null>(null);
  const messageCountRef = useRef(messageCount);

  const update = useCallback((atEnd: boolean) => {
    const next = atEnd ? null : (detachedAtRef.current ?? messageCountRef.current);
    if (next === detachedAtRef.current) return;
    detachedAtRef.current = next;
    setDetachedAt(next);
  }, []);

  useIsomorphicLayoutEffect(() => {
    messageCountRef.current = messageCount;
    // A shrinking list (clear) can bring the end back into view without a scroll event.
    const element = getScrollElement();
    if (element && detachedAtRef.current !== null && isAtEnd()) update(true);
  }, [messageCount, getScrollElement, isAtEnd, update]);

  useEffect(() => {
    const element = getScrollElement();
    if (!element) return;
    let lastScrollTop = element.scrollTop;
    const onScroll = () => {
      const scrollTop = element.scrollTop;
      const movedUp = scrollTop < lastScrollTop - 0.5;
      lastScrollTop = scrollTop;
      if (isAtEnd()) update(true);
      // Only a move towards the top detaches: the virtualizer's own settling and follow-up
      // writes scroll downwards and can land short of the end for a frame while rows are
      // measured; reading that as the user leaving would flash the control.
      else if (movedUp) update(false);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, [getScrollElement, isAtEnd, update]);

  return {
    isFollowing: detachedAt === null,
    newMessageCount: detachedAt === null ? 0 : Math.max(0, messageCount - detachedAt),
  };
}
