import { copyFileSync } from 'node:fs';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^@sluice\/core/],
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
