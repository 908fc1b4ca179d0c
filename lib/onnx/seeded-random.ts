/** Seeded randomness for generated test models: the same seed gives the same weights on every platform. */

/** mulberry32 (Tommy Ettinger's public-domain 32-bit PRNG): tiny, fast, and reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values in [-scale, scale), from the seeded generator. */
export function randomFloats(count: number, random: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}
