import type { Decorator, Preview } from '@storybook/react-vite';
// The source stylesheet, so stories need no build of @sluice/react first.
import '../packages/react/src/styles.css';

/** Every story in the theme picked in the toolbar (or by the story's own `globals.theme`). */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  return (
    <div data-sluice-theme={theme} style={{ background: 'var(--sluice-bg)', color: 'var(--sluice-fg)', padding: 8 }}>
      <Story />
    </div>
  );
};

const preview: Preview = {
  // A Docs page for every component and hook, with its props table and controls.
  tags: ['autodocs'],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Colour theme of the sluice components',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
