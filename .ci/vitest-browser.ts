import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumExecutablePath } from './chromium.mjs';

/**
 * Vitest browser mode in Debian Chromium, headless. A new object on every call: Vitest mutates
 * the browser config it is given, so projects must not share one.
 */
export function chromiumBrowserMode() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({ launchOptions: { executablePath: chromiumExecutablePath, args: chromiumArgs } }),
    instances: [{ browser: 'chromium' as const }],
  };
}
