/** A throwing user callback must not break the stream; surface it like an uncaught error. */
export function callSafely<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (!callback) return;
  try {
    callback(value);
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}
