import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page is built for production (no StrictMode double renders, no dev checks): that is what
// users ship, and dev-mode React would distort every contender's figures.
export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  plugins: [react()],
  resolve: {
    // Production React drops <Profiler> timings; the profiling build keeps onRender and costs little.
    alias: { 'react-dom/client': 'react-dom/profiling' },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/page', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // One page bundles React and every peer; its size is not what is measured.
    chunkSizeWarningLimit: 4096,
  },
  logLevel: 'warn',
});
