import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: {
      // `testing` is the `@sluice/core/testing` subpath (Node-only test doubles), never part of the main entry.
      entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rollupOptions: { external: ['eventsource-parser', /^node:/] },
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
  },
});
