import '../../src/styles.css';
import { burst, concurrentHooks, mountLarge, pacedStream, perFrameCost, streamAtRate, streamTextBurst } from './scenarios.js';
import type { ScenarioResult } from './scenarios.js';

/** The scenarios the Node driver calls with `page.evaluate`. */
const scenarios = { streamAtRate, burst, streamTextBurst, perFrameCost, mountLarge, concurrentHooks, pacedStream } as const;

declare global {
  interface Window {
    sluiceBench: {
      run(name: keyof typeof scenarios, options: Record<string, unknown>): Promise<ScenarioResult>;
    };
  }
}

window.sluiceBench = {
  run(name, options) {
    const scenario = scenarios[name] as (options: Record<string, unknown>) => Promise<ScenarioResult>;
    return scenario(options);
  },
};
