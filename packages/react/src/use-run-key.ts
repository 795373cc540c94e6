import { useState } from 'react';
import type { StreamSnapshot } from '@sluice/core';

interface RunState {
  key: number;
  /** The snapshot that opened the current run. */
  opening: StreamSnapshot | null;
}

/**
 * A number that changes when the store starts a new run, to key what a run renders: part ids
 * may repeat from run to run (`text-0` again), and a part view that outlived its run would
 * continue the old text. A run opens with its own snapshot in phase `connecting` with no parts
 * (`start()` publishes it at once), which is the run's identity here.
 */
export function useRunKey(snapshot: StreamSnapshot | null): number {
  const [run, setRun] = useState<RunState>({ key: 0, opening: null });
  if (snapshot !== null && snapshot.phase === 'connecting' && snapshot.parts.length === 0 && snapshot !== run.opening) {
    // Adjusting state while rendering (React re-renders at once, before children render).
    setRun({ key: run.key + 1, opening: snapshot });
    return run.key + 1;
  }
  return run.key;
}
