import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { ReactNode } from 'react';

export interface Mounted {
  container: HTMLElement;
  render(node: ReactNode): void;
  unmount(): void;
}

/**
 * Mounts into a fixed-size box in the real page (so layout and scrolling are real), rendering
 * synchronously. Plain createRoot instead of Testing Library's `render`: store updates arrive
 * from the frame clock outside `act`, as they do in an app.
 */
export function mount(node: ReactNode, size = { width: 600, height: 400 }): Mounted {
  const container = document.createElement('div');
  container.style.cssText = `width:${size.width}px;height:${size.height}px;display:flex;flex-direction:column`;
  document.body.append(container);
  const root: Root = createRoot(container);
  const render = (next: ReactNode) => flushSync(() => root.render(next));
  render(node);
  return {
    container,
    render,
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}

/** Resolves after the next animation frame has run (layout, ResizeObserver, scroll corrections). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

export async function frames(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await nextFrame();
}
