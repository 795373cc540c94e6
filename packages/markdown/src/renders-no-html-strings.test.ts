import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceDirectory = fileURLToPath(new URL('.', import.meta.url));

/** The package's shipped source: everything but tests, stories and test support. */
function shippedSources(): string[] {
  return readdirSync(sourceDirectory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.(test|stories)\.tsx?$/.test(entry.name))
    .map((entry) => join(sourceDirectory, entry.name));
}

describe('the shipped source', () => {
  it('is found', () => {
    expect(shippedSources().map((path) => path.slice(sourceDirectory.length))).toEqual(
      expect.arrayContaining(['markdown.tsx', 'render-tokens.tsx', 'safe-url.ts', 'incremental-markdown.ts']),
    );
  });

  it('never hands React an HTML string', () => {
    for (const path of shippedSources()) {
      const source = readFileSync(path, 'utf8');
      expect(source, path).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment/);
      // marked's own HTML renderer (`marked.parse`, `Parser`, `Renderer`) is never used: only its lexer.
      expect(source, path).not.toMatch(/\b(?:marked\.parse|Parser|Renderer)\b/);
    }
  });
});
