import { copyFileSync } from 'node:fs';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: (_format, entryName) => `${entryName}.js` },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^@sluice\/core/],
      // One file per source module, as the sources are: in one bundled file the top-level
      // `memo(...)` calls of components an app never imports are side effects a bundler must
      // keep (~3 kB gz in `useTokenStream` alone); per module, "sideEffects" lets it drop them.
      output: { preserveModules: true, preserveModulesRoot: 'src' },
    },
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
  },
  plugins: [
    {
      name: 'copy-styles',
      closeBundle() {
        copyFileSync('src/styles.css', 'dist/styles.css');
      },
    },
  ],
});
