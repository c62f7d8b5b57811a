// Mann-Whitney U test, two-sided, as SciPy 1.17's `scipy.stats.mannwhitneyu(reference, current)` with
// method="auto": the exact null distribution when one sample has at most 8 values and there are no ties,
// else the normal approximation with tie correction and continuity correction. The statistic is U of the
// reference sample. Evidently's `mannw` calls SciPy with the one-sided alternative "less"; Keel uses the
// two-sided test because drift can move a distribution either way.

import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { clamp } from "./numeric";
import { sortedCopy } from "./sort";
import type { TestResult } from "./types";

const EXACT_MAX_SMALLER_SIZE = 8;

/** Runs the Mann-Whitney U test of two samples. */
export function mannWhitney(reference: Float64Array, current: Float64Array): TestResult {
  const a = sortedCopy(reference);
  const b = sortedCopy(current);
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;

  // Midranks: a group of c tied values after `below` smaller ones has rank below + (c + 1) / 2.
  let rankSum = 0;
  let tieTerm = 0;
  let below = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    const startI = i;
    const startJ = j;
    while (i < n1 && a[i] === value) i++;
    while (j < n2 && b[j] === value) j++;
    const tied = i - startI + (j - startJ);
    rankSum += (i - startI) * (below + (tied + 1) / 2);
    tieTerm += tied ** 3 - tied;
    below += tied;
  }

  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);

  const exact = Math.min(n1, n2) <= EXACT_MAX_SMALLER_SIZE && tieTerm === 0;
  if (exact) {
    const pValue = 2 * exactUCdf(Math.min(n1, n2), Math.max(n1, n2), n1 * n2 - u);
    return { statistic: u1, pValue: clamp(pValue, 0, 1) };
  }

  const spread = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (u - (n1 * n2) / 2 - 0.5) / spread;
  return { statistic: u1, pValue: clamp(2 * normalCdf(-z, 0, 1), 0, 1) };
}

/**
 * P(U <= k) for samples of sizes m <= n without ties. The number of orderings with U = u is the
 * coefficient of q^u in the Gaussian binomial coefficient, the product over i = 1..m of
 * (1 - q^(n+i)) / (1 - q^i), built one factor at a time and truncated after q^k. Every partial product
 * has nonnegative coefficients, so the subtractions lose little precision.
 */
export function exactUCdf(m: number, n: number, k: number): number {
  const counts = new Float64Array(k + 1);
  counts[0] = 1;
  for (let i = 1; i <= m; i++) {
    for (let u = i; u <= k; u++) counts[u] += counts[u - i];
    for (let u = k; u >= n + i; u--) counts[u] -= counts[u - n - i];
  }

  let total = 1;
  for (let i = 1; i <= m; i++) total = (total * (n + i)) / i;

  let sum = 0;
  for (let u = 0; u <= k; u++) sum += counts[u];
  return sum / total;
}
