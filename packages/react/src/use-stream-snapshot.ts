import type { StreamSnapshot, TokenStream } from '@sluice/core';
import { useSyncExternalStore } from 'react';

const subscribeToNothing = () => () => {};
const noSnapshot = (): StreamSnapshot | null => null;

/**
 * The snapshot of an optional store, re-rendering the caller per flush while one is given;
 * `null` without a store. The server snapshot is the store's own, so a component rendered
 * with a store on the server hydrates with the same values.
 */
export function useStreamSnapshot(stream: TokenStream | null | undefined): StreamSnapshot | null {
  return useSyncExternalStore(stream?.subscribe ?? subscribeToNothing, stream?.getSnapshot ?? noSnapshot, stream?.getSnapshot ?? noSnapshot);
}
