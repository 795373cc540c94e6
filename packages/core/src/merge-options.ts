import type { TokenStreamOptions } from './types.js';

/** Copies the defined values of `patch` over `base`, so `undefined` never erases a setting. */
export function mergeDefined(base: TokenStreamOptions, patch: TokenStreamOptions): TokenStreamOptions {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as TokenStreamOptions;
}
