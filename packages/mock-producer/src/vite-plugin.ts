import type { Plugin } from 'vite';
import { createProducerHandler } from './producer-handler.js';
import type { ProducerHandlerOptions } from './producer-handler.js';

export interface SluiceProducerPluginOptions extends ProducerHandlerOptions {
  /**
   * Path prefix of the routes: `${base}/stream` and `${base}/stats`.
   * @defaultValue `'/api'`
   * @example `base: '/mock'`
   */
  base?: string;
}

/** The Vite plugin's shape, plus the handler it mounts (for reading stats in-process). */
export type SluiceProducerPlugin = Plugin & { handler: ReturnType<typeof createProducerHandler> };

/**
 * Mounts the mock producer on Vite's dev and preview servers, so `/api/stream` and `/api/stats`
 * are same-origin with the app.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { sluiceProducer } from '@sluice/mock-producer/vite';
 * export default defineConfig({ plugins: [sluiceProducer()] });
 * ```
 */
export function sluiceProducer(options: SluiceProducerPluginOptions = {}): SluiceProducerPlugin {
  const handler = createProducerHandler({ ...options, base: options.base ?? '/api' });
  return {
    name: 'sluice-producer',
    handler,
    configureServer(server) {
      // No route argument: the handler matches its own base, so the path stays whole and a
      // minimal `{ middlewares: { use } }` works as well as Connect.
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
