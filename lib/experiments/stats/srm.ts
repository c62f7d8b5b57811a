import gammainc from "@stdlib/math-base-special-gammainc";
import type { SrmResult } from "./types";

/*
 * Sample ratio mismatch: Pearson's chi-square goodness-of-fit test of the unit counts against the configured
 * weights, with k − 1 degrees of freedom. GrowthBook warns at p < 0.001 and only when every variant has at
 * least 8 units, so that the chi-square approximation holds.
 */

export const SRM_THRESHOLD = 0.001;
export const SRM_MIN_UNITS = 8;

/** Tests the counts against the weights (equal weights when absent); weights need not sum to 1. */
export function srmTest(counts: readonly number[], weights?: readonly number[]): SrmResult {
  const shares = weights ?? counts.map(() => 1);
  if (shares.length !== counts.length) throw new RangeError(`srmTest needs one weight per count: got ${shares.length} weights for ${counts.length} counts`);

  const total = counts.reduce((sum, count) => sum + count, 0);
  const weightTotal = shares.reduce((sum, weight) => sum + weight, 0);
  if (total === 0 || counts.length < 2 || !(weightTotal > 0)) return { pValue: 1, mismatch: false };

  let statistic = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = (total * shares[i]) / weightTotal;
    if (expected > 0) statistic += (counts[i] - expected) ** 2 / expected;
  }

  // The chi-square survival function as the upper regularized incomplete gamma Q(k/2, x/2), which keeps
  // its precision for p-values far below 1e-16, where 1 − cdf would round to 0.
  const pValue = gammainc(statistic / 2, (counts.length - 1) / 2, true, true);
  const enoughUnits = counts.every((count) => count >= SRM_MIN_UNITS);
  return { pValue, mismatch: enoughUnits && pValue < SRM_THRESHOLD };
}
