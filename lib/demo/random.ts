// Integer mixer "lowbias32" from Chris Wellons' hash-prospector: each input bit affects every output bit,
// so consecutive keys give unrelated values.
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Returns a number in [0, 1) determined only by `key` and `stream`, so that the same flight or minute gets
 * the same noise on every run. Different streams give independent-looking values for one key.
 */
export function hashUniform(key: number, stream: number): number {
  const seeded = mix32(Math.imul(stream + 1, 0x9e3779b9) ^ mix32(key));
  return seeded / 4_294_967_296;
}

/** Returns a seeded generator of numbers in [0, 1), for tests that need reproducible random data. */
export function seededRandom(seed: number): () => number {
  let counter = 0;
  return () => hashUniform(counter++, seed);
}
