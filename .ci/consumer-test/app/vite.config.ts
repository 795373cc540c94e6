import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app reaches its "model server" at /api, as a real app would reach its own backend; the
// consumer test starts the mock producer's bin and passes its address in SLUICE_PRODUCER_URL.
const producerUrl = process.env.SLUICE_PRODUCER_URL ?? 'http://127.0.0.1:8787';
const apiProxy = {
  '/api': { target: producerUrl, changeOrigin: true, rewrite: (path: string) => path.replace(/^\/api/, '') },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
