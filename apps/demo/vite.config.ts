import { sluiceProducer } from '@sluice/mock-producer/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The mock producer is mounted on the dev server itself, so the demo is same-origin with its
// "model server" and needs no second process.
export default defineConfig({
  plugins: [react(), sluiceProducer({ base: '/api', log: false })],
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  optimizeDeps: {
    // Listed up front so the first page load never triggers a dependency re-optimization and
    // reload (which would break end-to-end tests that start on a cold server).
    include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime', '@sluice/react > @tanstack/react-virtual'],
  },
});
