import { getSharedFrameClock } from '@sluice/core';
import { Virtualizer, elementScroll, measureElement as measureRowSize, observeElementOffset, observeElementRect } from '@tanstack/react-virtual';
import type { VirtualItem, VirtualizerOptions } from '@tanstack/react-virtual';
import { useInsertionEffect, useState, useSyncExternalStore } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

/**
 * Why not `useVirtualizer` from `@tanstack/react-virtual`: its re-render is a `useReducer`
 * dispatch made wherever the virtualizer notices a change, most often inside its
 * ResizeObserver callback after the live row grew. That update is scheduled apart from the
 * stream's flush, so a frame could hold two React commits (the flush's, then the list's).
 *
 * This binding keeps everything the list needs without React (row positions and the list
 * height are written to the DOM at once, as `directDomUpdates` does), and hands the rest (the
 * set of rendered rows changed) to the page's shared frame clock. The clock runs it in the
 * same animation-frame callback as every stream flush, and both reach React through
 * `useSyncExternalStore`, so React renders them together: one commit per frame.
 */

type Options = Omit<
  VirtualizerOptions<HTMLDivElement, HTMLDivElement>,
  'getScrollElement' | 'observeElementRect' | 'observeElementOffset' | 'scrollToFn' | 'onChange'
>;

/**
 * A TanStack `Virtualizer` for a scrolling `<div>`, wrapped (not patched): the instance is
 * used as TanStack ships it, and the list's DOM hooks live beside it.
 */
export interface FrameVirtualizer {
  /** The virtualizer itself, for its public API (`getVirtualItems`, `scrollToEnd`, `options`, …). */
  virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  /** Ref callback for the scrolling element. */
  attachScrollElement: (node: HTMLDivElement | null) => void;
  /** The scrolling element once attached (a stable function). */
  getScrollElement: () => HTMLDivElement | null;
  /** Ref callback for the element that holds the rows; its height is written directly. */
  attachContainer: (node: HTMLDivElement | null) => void;
  /** Ref callback for each row: measures it and gives a newly mounted row its position at once. */
  measureElement: (element: HTMLDivElement | null) => void;
  /** Scrolls to the last row (a stable function). */
  scrollToEnd: () => void;
  /** Whether the view is at the end, within the `scrollEndThreshold` the virtualizer follows by (a stable function). */
  isAtEnd: () => boolean;
}

interface Binding {
  frameVirtualizer: FrameVirtualizer;
  virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  subscribe: (listener: () => void) => () => void;
  getVersion: () => number;
  /** Applies this render's options and notes the range it renders. */
  render: (options: Options) => void;
  /** Notes that the list is committing (called before its rows' refs are attached). */
  markCommit: () => void;
  /** Writes the list height. */
  writeSize: () => void;
  /** Writes the list height and the rendered rows' positions. */
  writeStyles: () => void;
  dispose: () => void;
}

// Only the range is rendered from; `isScrolling` is not (react-virtual re-renders for it too).
function rangeKey(virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>): string {
  const range = virtualizer.range;
  return range ? `${range.startIndex}:${range.endIndex}` : '';
}

function createBinding(initialOptions: Options): Binding {
  const clock = getSharedFrameClock();
  const listeners = new Set<() => void>();
  const positions = new WeakMap<HTMLElement, number>();
  // The rendered rows by index, as they were measured: the list's own record, so it never
  // reads the virtualizer's internal element cache.
  const rows = new Map<number, HTMLElement>();
  let container: HTMLDivElement | null = null;
  let writtenSize: number | null = null;
  let version = 0;
  // The range the last render showed; a change from it requests a render.
  let renderedKey = '';
  let withdraw: (() => void) | null = null;
  // True from the start of the list's own commit until that task's microtasks: see `onChange`.
  let inCommit = false;

  const publish = () => {
    withdraw = null;
    version += 1;
    for (const listener of [...listeners]) listener();
  };

  const writeSize = () => {
    if (!container) return;
    const size = virtualizer.getTotalSize();
    if (size === writtenSize) return;
    writtenSize = size;
    container.style.height = `${size}px`;
  };

  const writePosition = (item: VirtualItem, element: HTMLElement) => {
    const offset = item.start - virtualizer.options.scrollMargin;
    if (positions.get(element) === offset) return;
    positions.set(element, offset);
    element.style.transform = `translate3d(0, ${offset}px, 0)`;
  };

  const writeStyles = () => {
    if (!container) return;
    writeSize();
    for (const item of virtualizer.getVirtualItems()) {
      const element = rows.get(item.index);
      if (element?.isConnected) writePosition(item, element);
    }
    // Forget rows that left the DOM, so the record stays the size of the rendered range.
    for (const [index, element] of rows) if (!element.isConnected) rows.delete(index);
  };

  const onChange = () => {
    writeStyles();
    if (rangeKey(virtualizer) === renderedKey) return;
    // Within the list's own commit (rows just mounted and measured, the scroll element just
    // attached), React renders the change before paint in the same task, as `useVirtualizer`
    // does; waiting for the next frame would paint a frame with rows missing. Anything else
    // (a row resized, a scroll) waits for the clock's frame, with the stream flushes.
    if (inCommit) publish();
    // The clock runs a function once per frame however often it is requested.
    else withdraw = clock.request(publish);
  };

  let scrollElement: HTMLDivElement | null = null;
  const getScrollElement = () => scrollElement;

  // The virtualizer learns the scroll position only from scroll events, which the browser
  // sends at the start of the next frame. A position set in between (a script scrolling from
  // an animation-frame callback, after this frame's scroll events went out) was unknown to the
  // resizes measured later in the same frame: the virtualizer still thought it sat at the end,
  // pinned the end again and undid the scroll before anyone saw it. So the position is handed
  // to the virtualizer's own scroll handler before it decides anything from it; the late event
  // then reports a position it already has.
  let reportOffset: ((offset: number, isScrolling: boolean) => void) | null = null;
  let reportedOffset: number | null = null;
  const observeOffset: VirtualizerOptions<HTMLDivElement, HTMLDivElement>['observeElementOffset'] = (instance, onOffset) => {
    const report = (offset: number, isScrolling: boolean) => {
      reportedOffset = offset;
      onOffset(offset, isScrolling);
    };
    reportOffset = report;
    reportedOffset = instance.scrollElement?.scrollTop ?? null;
    const stop = observeElementOffset(instance, report);
    return () => {
      if (reportOffset === report) reportOffset = null;
      stop?.();
    };
  };
  const reportUnseenScroll = () => {
    if (!scrollElement || !reportOffset || reportedOffset === null) return;
    const offset = scrollElement.scrollTop;
    if (Math.abs(offset - reportedOffset) > 0.5) reportOffset(offset, true);
  };

  const withPlatform = (options: Options): VirtualizerOptions<HTMLDivElement, HTMLDivElement> => ({
    getScrollElement,
    observeElementRect,
    observeElementOffset: observeOffset,
    // The virtualizer's own scrolls (opening at the end, following) are positions it already
    // knows: note them, so only a scroll from elsewhere counts as unseen.
    scrollToFn: (offset, scrollOptions, instance) => {
      elementScroll(offset, scrollOptions, instance);
      if (scrollElement) reportedOffset = scrollElement.scrollTop;
    },
    ...options,
    // TanStack measures a row here before every resize it handles (a new row, or its
    // ResizeObserver): whether the list sits at its end decides how the resize moves it, so it
    // must ask with today's position.
    measureElement: (element, entry, instance) => {
      reportUnseenScroll();
      return (options.measureElement ?? measureRowSize)(element, entry, instance);
    },
    onChange,
  });

  const virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>(withPlatform(initialOptions));

  const frameVirtualizer: FrameVirtualizer = {
    virtualizer,
    getScrollElement,
    attachScrollElement(node) {
      scrollElement = node;
    },
    attachContainer(node) {
      container = node;
      writtenSize = null;
      writeStyles();
    },
    measureElement(element) {
      virtualizer.measureElement(element);
      if (!element) return;
      const index = virtualizer.indexFromElement(element);
      rows.set(index, element);
      // A row mounted by this commit gets its position now, not with the next change.
      const item = virtualizer.getVirtualItems().find((candidate) => candidate.index === index);
      if (item && container) writePosition(item, element);
    },
    scrollToEnd() {
      virtualizer.scrollToEnd();
    },
    isAtEnd: () => virtualizer.isAtEnd(),
  };

  return {
    frameVirtualizer,
    virtualizer,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getVersion: () => version,
    render(options) {
      virtualizer.setOptions(withPlatform(options));
      // Memoized: the caller's own call in this render returns the same items.
      virtualizer.getVirtualItems();
      renderedKey = rangeKey(virtualizer);
    },
    writeSize,
    writeStyles,
    markCommit() {
      inCommit = true;
      queueMicrotask(() => {
        inCommit = false;
      });
    },
    dispose() {
      withdraw?.();
      withdraw = null;
    },
  };
}

/**
 * Like `useVirtualizer(options)` with `directDomUpdates: true` for a vertical list in a
 * scrolling `<div>`: rows must be `position: absolute; top: 0` and get their `transform` from
 * the virtualizer, the scrolling element takes `attachScrollElement` as its ref, and the rows'
 * container takes `attachContainer` (its height is written). Ref callbacks rather than ref
 * objects: the React Compiler lint treats whatever a hook returns after being given a ref as a
 * ref, and would reject reading the virtual items while rendering.
 */
export function useFrameVirtualizer(options: Options): FrameVirtualizer {
  const [binding] = useState(() => createBinding(options));
  // The version only tells React that the rows to render changed; the virtualizer is the state.
  useSyncExternalStore(binding.subscribe, binding.getVersion, binding.getVersion);
  binding.render(options);

  // Insertion effects run before any ref or layout effect of the same commit.
  useInsertionEffect(() => binding.markCommit());

  useIsomorphicLayoutEffect(() => {
    const unmount = binding.virtualizer._didMount();
    return () => {
      binding.dispose();
      unmount();
    };
  }, [binding]);

  // After every commit of the list: the height first, so an end-anchored scroll can reach
  // the new end, then the virtualizer's own update (observers, scroll anchoring), then rows.
  useIsomorphicLayoutEffect(() => {
    binding.writeSize();
    binding.virtualizer._willUpdate();
    binding.writeStyles();
  });

  return binding.frameVirtualizer;
}
