import type { Preview } from '@storybook/react-vite';
// The source stylesheet, so stories need no build of @sluice/react first.
import '../packages/react/src/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
