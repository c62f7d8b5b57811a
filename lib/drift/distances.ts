// Distances between the empirical distributions of two numerical samples:
// - `wasserstein` is Evidently's normed Wasserstein distance: SciPy's `wasserstein_distance(reference,
//   current)` divided by max(np.std(reference), 0.001), the standard deviation being the population one
//   (ddof = 0), as in Evidently's `wasserstein_distance_norm.py`.
// - `energyDistance` is SciPy's `energy_distance`: sqrt(2) times the L2 distance between the two ECDFs.
// Both integrate |F1 - F2|^p between consecutive observed values, as SciPy's `_cdf_distance` does, in one
// pass over the two sorted samples.

import { CompensatedSum, variance } from "./numeric";
import { sortedCopy } from "./sort";
import type { DistanceResult } from "./types";

const MIN_NORM = 0.001;

/** Computes Evidently's normed Wasserstein-1 distance, normed by the reference. */
export function wasserstein(reference: Float64Array, current: Float64Array): DistanceResult {
  const norm = Math.max(Math.sqrt(variance(reference, 0)), MIN_NORM);
  return { statistic: ecdfDistance(sortedCopy(reference), sortedCopy(current), 1) / norm, pValue: null };
}

/** Computes SciPy's energy distance. */
export function energyDistance(reference: Float64Array, current: Float64Array): DistanceResult {
  const squared = ecdfDistance(sortedCopy(reference), sortedCopy(current), 2);
  return { statistic: Math.SQRT2 * Math.sqrt(squared), pValue: null };
}

/** Returns the integral of |F1 - F2|^power over the real line for two sorted samples. */
export function ecdfDistance(a: Float64Array, b: Float64Array, power: 1 | 2): number {
  const sum = new CompensatedSum();
  let i = 0;
  let j = 0;
  let value = Math.min(a[0], b[0]);
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    if (i === a.length && j === b.length) break;

    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    const gap = Math.abs(i / a.length - j / b.length);
    sum.add((power === 1 ? gap : gap * gap) * (next - value));
    value = next;
  }
  return sum.value();
}
