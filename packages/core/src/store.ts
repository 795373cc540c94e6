import { IDLE_SNAPSHOT } from './snapshot.js';
import type { StreamSnapshot } from './types.js';

/** The snapshot React and other subscribers read, and who is told when it changes. */
export interface SnapshotStore {
  getSnapshot(): StreamSnapshot;
  subscribe(listener: () => void): () => void;
  /** Replaces the snapshot and notifies every listener once. */
  publish(next: StreamSnapshot): void;
}

export function createSnapshotStore(): SnapshotStore {
  let snapshot: StreamSnapshot = IDLE_SNAPSHOT;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    publish(next) {
      snapshot = next;
      // A copy: a listener may unsubscribe (or subscribe another) while being notified.
      for (const listener of [...listeners]) listener();
    },
  };
}
