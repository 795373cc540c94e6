import { defineConfig } from 'vitest/config';

// Node only: every test renders with react-dom/server, so no DOM is needed.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
