import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';

const packageDirectory = dirname(dirname(fileURLToPath(import.meta.url)));
/** Any module specifier naming React (`react`, `react-dom`, `react/jsx-runtime`, …). */
const reactSpecifier = /["'`](react|react-dom)(\/[^"'`]*)?["'`]/;

async function filesUnder(directory: string, keep: (path: string) => boolean): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(keep);
}

describe('the core never imports React', () => {
  it('has no React specifier in any source file', async () => {
    const sources = await filesUnder(join(packageDirectory, 'src'), (path) => path.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const path of sources) {
      if (path.endsWith('no-react.test.ts')) continue;
      expect({ path, hit: reactSpecifier.exec(await readFile(path, 'utf8'))?.[0] ?? null }).toEqual({ path, hit: null });
    }
  });

  it('declares no React dependency', async () => {
    const manifest = JSON.parse(await readFile(join(packageDirectory, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(Object.keys(manifest[field] ?? {}).filter((name) => name.includes('react'))).toEqual([]);
    }
  });

  it('has no React specifier in the built bundle', async () => {
    // Built fresh into a temporary folder with the package's own Vite config, so the test
    // does not depend on (or disturb) a previous `pnpm build`.
    const outDir = await mkdtemp(join(tmpdir(), 'sluice-core-build-'));
    try {
      await build({
        root: packageDirectory,
        configFile: join(packageDirectory, 'vite.config.ts'),
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
      const bundles = await filesUnder(outDir, (path) => path.endsWith('.js'));
      expect(bundles.length).toBeGreaterThan(0);
      // The main entry and the `./testing` subpath.
      expect(await readFile(join(outDir, 'index.js'), 'utf8')).toContain('createTokenStream');
      for (const path of bundles) {
        const code = await readFile(path, 'utf8');
        expect({ path, hit: reactSpecifier.exec(code)?.[0] ?? null }).toEqual({ path, hit: null });
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
