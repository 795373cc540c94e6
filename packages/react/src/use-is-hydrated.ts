import { useSyncExternalStore } from 'react';

const subscribeToNothing = () => () => {};
const onClient = () => true;
const onServer = () => false;

/**
 * False on the server and in the hydration pass, true otherwise. React renders the hydration
 * pass with the server value (so the markup matches), then re-renders with the client value.
 */
export function useIsHydrated(): boolean {
  return useSyncExternalStore(subscribeToNothing, onClient, onServer);
}
