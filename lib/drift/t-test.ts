// Welch's two-sample t-test, as SciPy 1.17's `scipy.stats.ttest_ind(reference, current, equal_var=False)`
// with a two-sided p-value. Evidently's `t_test` calls `ttest_ind` with its default equal_var=True. Keel
// uses Welch's form, which does not assume that the two samples share a variance.

import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { mean, variance } from "./numeric";
import type { TestResult } from "./types";

/**
 * Runs Welch's t-test, which needs at least 2 values in each sample. Where SciPy returns NaN because both samples are
 * constant, Keel returns statistic 0 and p-value 1 for equal means, and an infinite statistic with
 * p-value 0 for different means.
 */
export function tTest(reference: Float64Array, current: Float64Array): TestResult {
  const n1 = reference.length;
  const n2 = current.length;
  if (n1 < 2 || n2 < 2) throw new RangeError("t_test needs at least 2 values in each sample");

  const difference = mean(reference) - mean(current);
  const share1 = variance(reference, 1) / n1;
  const share2 = variance(current, 1) / n2;
  const standardError = Math.sqrt(share1 + share2);
  if (standardError === 0) {
    if (difference === 0) return { statistic: 0, pValue: 1 };
    return { statistic: difference > 0 ? Infinity : -Infinity, pValue: 0 };
  }

  const statistic = difference / standardError;
  const degreesOfFreedom = (share1 + share2) ** 2 / (share1 ** 2 / (n1 - 1) + share2 ** 2 / (n2 - 1));
  return { statistic, pValue: Math.min(1, 2 * tCdf(-Math.abs(statistic), degreesOfFreedom)) };
}
