// @vitest-environment happy-dom
import { act } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { Markdown } from './markdown.js';
import type { MarkdownProps } from './markdown.js';

let root: Root | undefined;
let container: HTMLElement;

function show(props: MarkdownProps): void {
  if (root === undefined) {
    container = document.createElement('div');
    root = createRoot(container);
  }
  const current = root;
  flushSync(() => current.render(<Markdown {...props} />));
}

afterEach(() => {
  const current = root;
  if (current) flushSync(() => current.unmount());
  root = undefined;
});

describe('<Markdown> in the browser', () => {
  it('keeps the DOM nodes of settled blocks across updates, also when the text finishes', () => {
    const blocks = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}.`).join('\n\n');
    show({ text: `${blocks}\n\nThe tail`, streaming: true });
    const first = container.querySelector('p');
    const thirtyFifth = container.querySelectorAll('p')[34];
    expect(first?.textContent).toBe('Paragraph 0.');
    expect(thirtyFifth?.textContent).toBe('Paragraph 34.');

    show({ text: `${blocks}\n\nThe tail grows`, streaming: true });
    expect(container.querySelector('p')).toBe(first);
    expect(container.querySelectorAll('p')[34]).toBe(thirtyFifth);
    const tail = container.querySelectorAll('p')[40];
    expect(tail?.textContent).toBe('The tail grows');

    show({ text: `${blocks}\n\nThe tail grows.\n\nNext`, streaming: true });
    // The tail became a settled block in place: same element.
    expect(container.querySelectorAll('p')[40]).toBe(tail);

    show({ text: `${blocks}\n\nThe tail grows.\n\nNext`, streaming: false });
    expect(container.querySelector('p')).toBe(first);
    expect(container.querySelectorAll('p')[40]).toBe(tail);
    expect(container.querySelectorAll('p')).toHaveLength(42);
  });

  it('swaps in an asynchronous highlighter result once it resolves, for settled code only', async () => {
    const requested: string[] = [];
    let resolve: (nodes: ReactNode) => void = () => undefined;
    const highlight = (code: string) => {
      requested.push(code);
      return new Promise<ReactNode>((done) => {
        resolve = done;
      });
    };
    show({ text: '```ts\nconst a = 1\n', streaming: true, highlight });
    expect(requested).toEqual([]);

    show({ text: '```ts\nconst a = 1\n```\n', streaming: true, highlight });
    expect(requested).toEqual(['const a = 1']);
    expect(container.querySelector('code')?.innerHTML).toBe('const a = 1');

    await act(async () => {
      resolve(<span className="token">const a = 1</span>);
    });
    expect(container.querySelector('code.language-ts')?.innerHTML).toBe('<span class="token">const a = 1</span>');

    // Finishing the text re-renders nothing that settled: the highlighter is not asked again.
    show({ text: '```ts\nconst a = 1\n```\n', streaming: false, highlight });
    expect(requested).toEqual(['const a = 1']);
    expect(container.querySelector('code.language-ts')?.innerHTML).toBe('<span class="token">const a = 1</span>');
  });
});
