import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo's dev server, with the real mock producer mounted at /api (ends with a slash). */
    demoUrl: string;
  }
}

const demoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Serves the demo from source with its own vite.config.ts (producer plugin included) on a free port. */
export default async function setup(project: TestProject) {
  const server = await createServer({
    root: demoRoot,
    configFile: `${demoRoot}vite.config.ts`,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the demo dev server did not report its URL');
  // Warm the module graph once so the first test does not pay for dependency optimization.
  await fetch(url).then((response) => response.text());
  project.provide('demoUrl', url);
  return async () => {
    await server.close();
  };
}
