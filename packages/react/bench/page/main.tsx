import '../../src/styles.css';
import { burst, concurrentHooks, mountLarge, perFrameCost, streamAtRate, streamTextBurst } from './scenarios';
import type { ScenarioResult } from './scenarios';

/** The scenarios the Node driver calls with `page.evaluate`. */
const scenarios = { streamAtRate, burst, streamTextBurst, perFrameCost, mountLarge, concurrentHooks } as const;

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
