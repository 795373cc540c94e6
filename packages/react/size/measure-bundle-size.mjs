/* global URL, Buffer, console */
/**
 * Prints what @sluice/core + @sluice/react add to an app's bundle: everything both packages
 * export, minified and gzipped, with React and TanStack Virtual left out (the app has them
 * anyway) and eventsource-parser left in (it ships with core). Budget (DESIGN.md): ≤ 6 KB.
 *
 *   pnpm --filter @sluice/react size      (after `pnpm build`)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const budgetBytes = 6 * 1024;
const reactDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const coreDist = fileURLToPath(new URL('../../core/dist/index.js', import.meta.url));

const entryDirectory = mkdtempSync(join(tmpdir(), 'sluice-size-'));
const entry = join(entryDirectory, 'entry.js');
writeFileSync(entry, `export * from ${JSON.stringify(coreDist)};\nexport * from ${JSON.stringify(reactDist)};\n`);

const output = await build({
  configFile: false,
  logLevel: 'silent',
  build: {
    write: false,
    // An app build, not library mode: library mode keeps whitespace in ES output.
    minify: true,
    rollupOptions: {
      input: entry,
      preserveEntrySignatures: 'strict',
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//],
    },
  },
});
const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output);
const code = chunks.filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('\n');
const minified = Buffer.byteLength(code);
const gzipped = gzipSync(code, { level: 9 }).byteLength;

const kilobytes = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('| bundle | minified | minified + gzip | budget | within |');
console.log('| --- | ---: | ---: | ---: | --- |');
console.log(
  `| @sluice/core + @sluice/react (all exports, React and TanStack external) | ${kilobytes(minified)} | ${kilobytes(gzipped)} | ${kilobytes(budgetBytes)} | ${gzipped <= budgetBytes ? 'yes' : 'NO'} |`,
);
