import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Rolldown } from 'vite';

/** What one renderer adds to an app's JavaScript, React and React DOM left out (the app has them). */
export interface BundleSize {
  key: string;
  label: string;
  /** Minified bytes of the entry chunk and the chunks it imports statically. */
  minifiedBytes: number;
  /** The same gzipped (level 9), chunk by chunk as a server would send them. */
  gzipBytes: number;
  /** Chunks loaded only through `import()` (Streamdown's Mermaid and highlighter parts): minified + gzip. */
  lazyGzipBytes: number;
}

/** Each renderer as a user imports it, with its parser; entries live under dist/ so they resolve this package's dependencies. */
export const bundleEntries: Array<{ key: string; label: string; source: string }> = [
  { key: 'sluice-markdown', label: '@sluice/markdown (`Markdown`, `markdownBlock`; marked included)', source: "export { Markdown, markdownBlock } from '@sluice/markdown';" },
  {
    key: 'sluice-stream-text',
    label: '@sluice/react `<StreamText>` + `useTokenStream` + `markdownBlock` (@sluice/core included)',
    source: "export { StreamText, useTokenStream } from '@sluice/react';\nexport { markdownBlock } from '@sluice/markdown';",
  },
  {
    key: 'sluice-transcript',
    label: '@sluice/react `<Transcript>` + `useTranscript` + `markdownBlock` (@sluice/core and TanStack Virtual included)',
    source: "export { Transcript, useTranscript } from '@sluice/react';\nexport { markdownBlock } from '@sluice/markdown';",
  },
  { key: 'streamdown', label: 'Streamdown (`Streamdown`)', source: "export { Streamdown } from 'streamdown';" },
  {
    key: 'react-markdown',
    label: 'react-markdown + remark-gfm',
    source: "export { default as Markdown } from 'react-markdown';\nexport { default as remarkGfm } from 'remark-gfm';",
  },
];

const entryDirectory = fileURLToPath(new URL('../dist/bundle-entries/', import.meta.url));

/** Chunks the entry loads before it runs: itself and, transitively, its static imports. */
function eagerChunks(chunks: Rolldown.OutputChunk[]): Set<Rolldown.OutputChunk> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const eager = new Set<Rolldown.OutputChunk>();
  const visit = (chunk: Rolldown.OutputChunk | undefined) => {
    if (chunk === undefined || eager.has(chunk)) return;
    eager.add(chunk);
    for (const name of chunk.imports) visit(byName.get(name));
  };
  for (const chunk of chunks.filter((candidate) => candidate.isEntry)) visit(chunk);
  return eager;
}

/**
 * Builds every entry with Vite as an app would (minified; library mode would keep whitespace in
 * ES output), React external, and measures the JavaScript. CSS is left out: none of the
 * renderers needs its stylesheet to work.
 */
export async function measureBundleSizes(): Promise<BundleSize[]> {
  mkdirSync(entryDirectory, { recursive: true });
  const sizes: BundleSize[] = [];
  for (const entry of bundleEntries) {
    const file = `${entryDirectory}${entry.key}.js`;
    writeFileSync(file, `${entry.source}\n`);
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        rollupOptions: { input: file, preserveEntrySignatures: 'strict', external: [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    });
    const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
    const chunks = results.flatMap((result) => result.output).filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
    const eager = eagerChunks(chunks);
    const gzip = (chunk: Rolldown.OutputChunk) => gzipSync(chunk.code, { level: 9 }).byteLength;
    const sum = (items: Iterable<Rolldown.OutputChunk>, size: (chunk: Rolldown.OutputChunk) => number) => [...items].reduce((total, chunk) => total + size(chunk), 0);
    sizes.push({
      key: entry.key,
      label: entry.label,
      minifiedBytes: sum(eager, (chunk) => Buffer.byteLength(chunk.code)),
      gzipBytes: sum(eager, gzip),
      lazyGzipBytes: sum(chunks.filter((chunk) => !eager.has(chunk)), gzip),
    });
  }
  return sizes;
}
