import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  // Stories live beside their components.
  stories: ['../packages/react/src/**/*.stories.@(ts|tsx)', '../packages/markdown/src/**/*.stories.@(ts|tsx)', '../apps/demo/src/**/*.stories.@(ts|tsx)'],
  framework: '@storybook/react-vite',
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
};

export default config;
