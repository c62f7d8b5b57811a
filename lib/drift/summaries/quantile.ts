import { sketchQuantile } from "./sketch";
import type { NumericalSummary } from "./types";

/**
 * Returns the value at quantile q (0 to 1) of a numerical summary: from its DDSketch, within 1% of the
 * true value, or, for a summary without a sketch (a training profile), from its piecewise-linear CDF.
 * Returns NaN for an empty summary.
 */
export function summaryQuantile(summary: NumericalSummary, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be between 0 and 1, not ${q}`);
  if (summary.count === 0) return Number.NaN;
  if (q === 0) return summary.min;
  if (q === 1) return summary.max;
  if (summary.sketch) return Math.min(summary.max, Math.max(summary.min, sketchQuantile(summary.sketch, q)));

  const target = q * summary.count;
  let below = 0;
  for (const piece of summary.pieces) {
    if (below + piece.count >= target) {
      if (piece.lo === piece.hi) return piece.lo;
      return piece.lo + ((target - below) / piece.count) * (piece.hi - piece.lo);
    }
    below += piece.count;
  }
  return summary.max;
}
