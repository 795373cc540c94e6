/**
 * mulberry32: a tiny 32-bit PRNG. Not cryptographic; chosen because it is fast, has no
 * dependencies and gives the same sequence in every JavaScript engine for the same seed.
 *
 * @returns a function yielding floats in [0, 1)
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
