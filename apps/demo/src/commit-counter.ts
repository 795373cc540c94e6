import type { ProfilerOnRenderCallback } from 'react';

/**
 * Counts React commits of a subtree through `<Profiler onRender>`. A plain mutable counter, read
 * by the metrics sampler on its own schedule: counting must not itself cause renders.
 */
export interface CommitCounter {
  readonly onRender: ProfilerOnRenderCallback;
  count(): number;
}

export function createCommitCounter(): CommitCounter {
  let commits = 0;
  return {
    onRender: () => {
      commits += 1;
    },
    count: () => commits,
  };
}
