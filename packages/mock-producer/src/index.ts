export * from './browser.js';
export * from './server.js';
export { sluiceProducer } from './vite-plugin.js';
export type { SluiceProducerPlugin, SluiceProducerPluginOptions } from './vite-plugin.js';
