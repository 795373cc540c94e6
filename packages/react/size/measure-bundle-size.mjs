/* global URL, Buffer, console */
/**
 * Prints what @sluice/react (with @sluice/core) adds to an app, measured the way the app's own
 * production build adds it: one entry per import, tree-shaken, minified, gzipped. React is left
 * out (a peer the app has anyway); everything else the user gets by installing the kit is in:
 * eventsource-parser with core, TanStack Virtual with `<Transcript>`. A figure with its target
 * beside it, not a test: nothing here fails.
 *
 * "initial" is what the page loads before the import runs: the entry chunk and the chunks it
 * imports statically. "lazy" is the chunks reached only through `import()` (the AI SDK and
 * NDJSON parsers a response selects, the pacer a `pace` option asks for), which the app
 * downloads only when a stream needs them; both gzipped chunk by chunk, as a server sends them.
 * The lazy column is every lazy chunk together (the most a page can load); the chunks are listed
 * below the table, since one stream loads only those it needs (an SSE answer: `sse`, `payload`).
 * The target is for the initial bytes.
 *
 * Below the table it lists which core source modules each entry pulls in (from a second,
 * source-level build), lazily loaded ones marked, so a preset the entry never imports shows up
 * as a leak.
 *
 *   pnpm --filter @sluice/react size      (after `pnpm build`)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const kilobyte = 1024;
const reactDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const reactSource = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));
const coreSourceDirectory = fileURLToPath(new URL('../../core/src/', import.meta.url));

/** What a user imports, and the size it should stay within. */
const entries = [
  { label: '`useTokenStream` alone', names: ['useTokenStream'], targetBytes: 6 * kilobyte },
  { label: '`<StreamText>` alone', names: ['StreamText'], targetBytes: 6 * kilobyte },
  { label: '`useTokenStream` + `<StreamText>` (the README\'s first example)', names: ['useTokenStream', 'StreamText'], targetBytes: 6 * kilobyte },
  { label: '`<Transcript>` alone (TanStack Virtual included)', names: ['Transcript'], targetBytes: 12 * kilobyte },
  {
    label: 'full chat: `useTranscript`, `<Transcript>`, `<StatusLine>`, `<StopButton>`',
    names: ['useTranscript', 'Transcript', 'StatusLine', 'StopButton'],
    targetBytes: 12 * kilobyte,
  },
];

const entryDirectory = mkdtempSync(join(tmpdir(), 'sluice-size-'));

/** An app entry that uses the imports, so tree-shaking keeps exactly what they need. */
function writeEntry(name, names, from) {
  const file = join(entryDirectory, `${name}.js`);
  writeFileSync(file, `import { ${names.join(', ')} } from ${JSON.stringify(from)};\nglobalThis.sluiceSizeProbe = [${names.join(', ')}];\n`);
  return file;
}

async function appBuild(input, alias = {}) {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      write: false,
      // An app build, not library mode: library mode keeps whitespace in ES output.
      minify: true,
      rollupOptions: { input, external: [/^react($|\/)/, /^react-dom($|\/)/] },
    },
  });
  return (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((chunk) => chunk.type === 'chunk');
}

const kilobytes = (bytes) => `${(bytes / kilobyte).toFixed(2)} kB`;
const gzippedSize = (chunk) => gzipSync(chunk.code, { level: 9 }).byteLength;
const total = (chunks, size) => chunks.reduce((sum, chunk) => sum + size(chunk), 0);

/** The chunks loaded before the entry runs: the entry itself and, transitively, its static imports. */
function initialChunks(chunks) {
  const byFileName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const initial = new Set();
  const visit = (chunk) => {
    if (chunk === undefined || initial.has(chunk)) return;
    initial.add(chunk);
    for (const fileName of chunk.imports) visit(byFileName.get(fileName));
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  return initial;
}

const rows = [];
const lazyChunksByEntry = [];
const modulesByEntry = [];
for (const [index, { label, names, targetBytes }] of entries.entries()) {
  const chunks = await appBuild(writeEntry(`dist-${index}`, names, reactDist));
  const initialSet = initialChunks(chunks);
  const initial = chunks.filter((chunk) => initialSet.has(chunk));
  const lazy = chunks.filter((chunk) => !initialSet.has(chunk));
  const initialGzipped = total(initial, gzippedSize);
  const lazyGzipped = total(lazy, gzippedSize);
  rows.push(
    `| ${label} | ${kilobytes(total(initial, (chunk) => Buffer.byteLength(chunk.code)))} | ${kilobytes(initialGzipped)} | ${lazy.length === 0 ? '–' : kilobytes(lazyGzipped)} | ${kilobytes(targetBytes)} | ${initialGzipped <= targetBytes ? 'within' : `over by ${kilobytes(initialGzipped - targetBytes)}`} |`,
  );

  if (lazy.length > 0) {
    const listed = lazy.map((chunk) => `${chunk.name} ${kilobytes(gzippedSize(chunk))}`).sort();
    lazyChunksByEntry.push(`- ${label}: ${listed.join(', ')}`);
  }

  // The same entry against the sources: which core modules end up in it, and which of them lazily.
  const sourceChunks = await appBuild(writeEntry(`source-${index}`, names, reactSource), { '@sluice/core': coreSource });
  const initialSourceChunks = initialChunks(sourceChunks);
  const coreModules = sourceChunks
    .flatMap((chunk) =>
      Object.entries(chunk.modules)
        .filter(([id, module]) => id.startsWith(coreSourceDirectory) && module.renderedLength > 0)
        .map(([id]) => `${relative(coreSourceDirectory, id)}${initialSourceChunks.has(chunk) ? '' : ' (lazy)'}`),
    )
    .sort();
  modulesByEntry.push(`- ${label}: ${coreModules.join(', ') || '(none)'}`);
}

console.log('What each import adds to an app (minified; gzip level 9; React external; initial = loaded with the page, lazy = loaded by `import()` when a stream needs it):\n');
console.log('| import | initial, minified | initial, minified + gzip | lazy, minified + gzip | target (initial) | |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);
if (lazyChunksByEntry.length > 0) {
  console.log('\nLazy chunks (minified + gzip), each loaded the first time a stream needs it:\n');
  for (const line of lazyChunksByEntry) console.log(line);
}
console.log('\nCore modules each import pulls in (protocols/ other than the one a stream uses are presets a user may not need):\n');
for (const line of modulesByEntry) console.log(line);
