import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: {
      // `testing` is the `@sluice/core/testing` subpath (Node-only test doubles), never part of the main entry.
      entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rollupOptions: {
      external: ['eventsource-parser', /^node:/],
      // One file per source module, as the sources are: an app's bundler then drops every module
      // it does not reach ("sideEffects": false), and a lazily imported preset stays a chunk of
      // its own. In one bundled file a module both exported and lazily imported is inlined.
      output: { preserveModules: true, preserveModulesRoot: 'src' },
    },
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
  },
});
