import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^marked($|\/)/],
    },
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
  },
});
