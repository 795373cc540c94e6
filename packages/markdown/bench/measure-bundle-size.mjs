/* global URL, Buffer, console */
/**
 * Prints what @sluice/markdown adds to an app's bundle: everything it exports, the marked
 * parser included, minified and gzipped, React left out (the app has it anyway).
 * Budget (DESIGN.md): ≤ 20 KB.
 *
 *   pnpm --filter @sluice/markdown size      (after `pnpm build`)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const budgetBytes = 20 * 1024;
const markdownDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

const entryDirectory = mkdtempSync(join(tmpdir(), 'sluice-markdown-size-'));
const entry = join(entryDirectory, 'entry.js');
writeFileSync(entry, `export * from ${JSON.stringify(markdownDist)};\n`);

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
      external: [/^react($|\/)/, /^react-dom($|\/)/],
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
console.log(`| @sluice/markdown (all exports, marked included, React external) | ${kilobytes(minified)} | ${kilobytes(gzipped)} | ${kilobytes(budgetBytes)} | ${gzipped <= budgetBytes ? 'yes' : 'NO'} |`);
