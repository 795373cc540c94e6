// Declared here rather than through @types/node: the package's types must not need Node's.
declare const process: { env: { NODE_ENV?: string } };

/**
 * Whether this is a development build. Bundlers (Vite, webpack, esbuild) replace
 * `process.env.NODE_ENV` in dependencies with a string, so production builds drop the
 * development-only code; Node has `process`; a browser without a bundler has neither, and
 * stays quiet.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}
