import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { chromiumBrowserMode } from '../.ci/vitest-browser';

// Runs every story's play function as a test in Debian Chromium (`pnpm test:storybook`).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('.', import.meta.url)) })],
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          browser: chromiumBrowserMode(),
        },
      },
    ],
  },
});
