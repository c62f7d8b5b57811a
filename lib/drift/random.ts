// Seeded randomness for the permutation p-values (TVD, empirical_mmd), so that the same input always gives
// the same p-value. The generator is the 32-bit Mersenne Twister from @stdlib/random-base-mt19937.

import mt19937 from "@stdlib/random-base-mt19937";
import { CompensatedSum } from "./numeric";

/** Seed of every permutation test, fixed so that results are reproducible. */
export const PERMUTATION_SEED = 20_240_601;

/** Returns a generator of uniform numbers in [0, 1) with 53 random bits. */
export function createUniform(seed: number): () => number {
  // The package's type declarations omit `normalized`, which its factory attaches to every generator.
  const generator = mt19937.factory({ seed }) as unknown as { normalized: () => number };
  return generator.normalized;
}

/** Moves a uniform random choice of `count` of the indices to the front (a partial Fisher-Yates shuffle). */
export function shuffleFront(indices: Uint32Array, count: number, uniform: () => number): void {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniform() * (indices.length - i));
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
}

/** Returns log(i!) for i = 0..max, summed with compensation so that the error stays near rounding. */
export function logFactorials(max: number): Float64Array {
  const table = new Float64Array(max + 1);
  const sum = new CompensatedSum();
  for (let i = 2; i <= max; i++) {
    sum.add(Math.log(i));
    table[i] = sum.value();
  }
  return table;
}

/**
 * Draws the number of successes among `draws` items taken without replacement from `population` items of
 * which `successes` are successes. `logFactorial` must cover the population. It inverts the CDF starting
 * at the mode and stepping out to both sides with the ratio of neighbouring probabilities, so it takes
 * O(standard deviation) steps at any population size. (@stdlib/random-base-hypergeometric builds its
 * probabilities from factorials, which overflow past 170.)
 */
export function sampleHypergeometric(
  uniform: () => number,
  logFactorial: Float64Array,
  population: number,
  successes: number,
  draws: number,
): number {
  const failures = population - successes;
  const low = Math.max(0, draws - failures);
  const high = Math.min(draws, successes);
  if (low === high) return low;

  const mode = Math.min(high, Math.max(low, Math.floor(((draws + 1) * (successes + 1)) / (population + 2))));
  const modeProbability = Math.exp(
    logFactorial[successes] -
      logFactorial[mode] -
      logFactorial[successes - mode] +
      logFactorial[failures] -
      logFactorial[draws - mode] -
      logFactorial[failures - draws + mode] -
      logFactorial[population] +
      logFactorial[draws] +
      logFactorial[population - draws],
  );
  let remaining = uniform() - modeProbability;
  if (remaining <= 0) return mode;

  let up = mode;
  let down = mode;
  let upProbability = modeProbability;
  let downProbability = modeProbability;
  while (up < high || down > low) {
    if (up < high) {
      upProbability *= ((successes - up) * (draws - up)) / ((up + 1) * (failures - draws + up + 1));
      up++;
      remaining -= upProbability;
      if (remaining <= 0) return up;
    }
    if (down > low) {
      downProbability *= (down * (failures - draws + down)) / ((successes - down + 1) * (draws - down + 1));
      down--;
      remaining -= downProbability;
      if (remaining <= 0) return down;
    }
  }
  // Rounding left a sliver of probability unassigned; give it to the mode.
  return mode;
}
