import { describe, expect, it } from 'vitest';
import { openDemo, setUpBrowser } from './demo-page';

const browser = setUpBrowser();

const lightBackground = 'rgb(255, 255, 255)';
const darkBackground = 'rgb(13, 17, 23)';

describe('colour theme of @sluice/react/styles.css', () => {
  for (const system of ['light', 'dark'] as const) {
    it(`follows a ${system} system setting, and data-sluice-theme on an ancestor forces either theme`, async () => {
      const page = await openDemo(browser(), {}, (page) => page.emulateMedia({ colorScheme: system }));
      const backgrounds = await page.evaluate(() => {
        const chat = document.querySelector('.sluice-chat');
        if (chat === null) throw new Error('the demo has no .sluice-chat');
        const root = document.documentElement;
        const background = () => getComputedStyle(chat).backgroundColor;
        const system = background();
        root.dataset.sluiceTheme = 'dark';
        const forcedDark = background();
        root.dataset.sluiceTheme = 'light';
        const forcedLight = background();
        // The nearest ancestor that forces a theme wins.
        const parent = chat.parentElement;
        if (parent === null) throw new Error('.sluice-chat has no parent');
        parent.dataset.sluiceTheme = 'dark';
        const darkInsideLight = background();
        return { system, forcedDark, forcedLight, darkInsideLight };
      });
      expect(backgrounds).toEqual({
        system: system === 'dark' ? darkBackground : lightBackground,
        forcedDark: darkBackground,
        forcedLight: lightBackground,
        darkInsideLight: darkBackground,
      });
      await page.context().close();
    });
  }
});
