// Numerical stattests from summaries. A summary's distribution is a sorted list of pieces (./types.ts):
// each non-empty fixed bin spreads its count evenly between the smallest and largest value seen in it, or
// puts it all on one value when those are equal. Its CDF is exact at every piece end and linear between,
// so it is exact for columns with one value per bin, such as hours of day or 0/1 predictions.
// - ks: the largest distance between the two CDFs, taken at every piece end of either summary (from the
//   left and from the right), where the maximum of two piecewise-linear functions lies;
// - wasserstein and ed: the integrals of |F1 - F2| and (F1 - F2)^2, exact for piecewise-linear CDFs, as
//   in ../distances.ts;
// - binned divergences: the counts in the bins that ../binning.ts would use, read off the CDFs (see
//   `binnedFrequencies`).

import type { Frequencies } from "../types";
import { MAX_DISTINCT_FOR_VALUE_BINS, sturgesEdgesFor } from "../binning";
import type { NumericalSummary, Piece } from "./types";

/** The CDF of a summary's pieces, as counts (not shares). */
export class PiecewiseCdf {
  private readonly pieces: Piece[];
  private readonly prefix: Float64Array;
  readonly total: number;

  constructor(pieces: Piece[]) {
    this.pieces = pieces;
    this.prefix = new Float64Array(pieces.length + 1);
    for (let i = 0; i < pieces.length; i++) this.prefix[i + 1] = this.prefix[i] + pieces[i].count;
    this.total = this.prefix[pieces.length];
  }

  /** Returns the count of values at most x, or below x when `inclusive` is false. */
  at(x: number, inclusive: boolean): number {
    // Pieces are sorted and overlap at most at their ends, so their upper ends never decrease. Every piece
    // before the first whose upper end reaches x lies wholly below x.
    let low = 0;
    let high = this.pieces.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.pieces[middle].hi < x) low = middle + 1;
      else high = middle;
    }

    let count = this.prefix[low];
    for (let i = low; i < this.pieces.length && this.pieces[i].lo <= x; i++) {
      const { lo, hi, count: pieceCount } = this.pieces[i];
      if (lo === hi) count += inclusive || lo < x ? pieceCount : 0;
      else count += (pieceCount * (Math.min(x, hi) - lo)) / (hi - lo);
    }
    return count;
  }
}

/** The difference of the two normalized CDFs from the left and from the right of each piece end of either. */
type Differences = { points: Float64Array; left: Float64Array; right: Float64Array };

function differences(reference: NumericalSummary, current: NumericalSummary): Differences {
  const values: number[] = [];
  for (const piece of [...reference.pieces, ...current.pieces]) values.push(piece.lo, piece.hi);
  const points = Float64Array.from(new Set(values)).sort();

  const a = new PiecewiseCdf(reference.pieces);
  const b = new PiecewiseCdf(current.pieces);
  const left = new Float64Array(points.length);
  const right = new Float64Array(points.length);
  for (let k = 0; k < points.length; k++) {
    left[k] = a.at(points[k], false) / a.total - b.at(points[k], false) / b.total;
    right[k] = a.at(points[k], true) / a.total - b.at(points[k], true) / b.total;
  }
  return { points, left, right };
}

/** Returns the Kolmogorov-Smirnov statistic sup |F1 - F2| of two summaries. */
export function ksStatisticFromSummaries(reference: NumericalSummary, current: NumericalSummary): number {
  const { left, right } = differences(reference, current);
  let largest = 0;
  for (let k = 0; k < left.length; k++) largest = Math.max(largest, Math.abs(left[k]), Math.abs(right[k]));
  return Math.min(largest, 1);
}

/** Returns the integral of |F1 - F2|^power over the real line; between piece ends both CDFs are linear. */
export function cdfDistanceFromSummaries(reference: NumericalSummary, current: NumericalSummary, power: 1 | 2): number {
  const { points, left, right } = differences(reference, current);
  let total = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const width = points[k + 1] - points[k];
    const start = right[k];
    const end = left[k + 1];
    total += width * (power === 1 ? meanAbsoluteOfLine(start, end) : (start * start + start * end + end * end) / 3);
  }
  return total;
}

/** Returns the mean of |y| over a line from y = a to y = b. */
function meanAbsoluteOfLine(a: number, b: number): number {
  if (a * b >= 0) return (Math.abs(a) + Math.abs(b)) / 2;
  return (a * a + b * b) / (2 * (Math.abs(a) + Math.abs(b)));
}

/** Returns the values and their counts when every piece is a single value, else null. */
export function exactValues(summary: NumericalSummary): Map<number, number> | null {
  const values = new Map<number, number>();
  for (const piece of summary.pieces) {
    if (piece.lo !== piece.hi) return null;
    values.set(piece.lo, (values.get(piece.lo) ?? 0) + piece.count);
  }
  return values;
}

/**
 * Returns the number of distinct values in the two summaries together: exact when both know their
 * values, else a lower bound (a piece spread over an interval holds at least 2 distinct values).
 */
export function distinctValues(reference: NumericalSummary, current: NumericalSummary): { count: number; exact: boolean } {
  const a = exactValues(reference);
  const b = exactValues(current);
  if (a && b) return { count: new Set([...a.keys(), ...b.keys()]).size, exact: true };

  const lowerBound = (summary: NumericalSummary) => summary.pieces.reduce((total, piece) => total + (piece.lo === piece.hi ? 1 : 2), 0);
  return { count: Math.max(lowerBound(reference), lowerBound(current)), exact: false };
}

/** Returns counts per distinct value of two summaries that both know their values, in ascending order of value. */
export function valueFrequencies(reference: Map<number, number>, current: Map<number, number>): Frequencies {
  const values = [...new Set([...reference.keys(), ...current.keys()])].sort((x, y) => x - y);
  return {
    reference: Float64Array.from(values, (value) => reference.get(value) ?? 0),
    current: Float64Array.from(values, (value) => current.get(value) ?? 0),
  };
}

/**
 * Returns the frequencies that ../binning.ts's binNumerical would compute from the raw values. When both
 * summaries know their values and the reference has at most 20 of them, that is one bin per value, as
 * there. Otherwise it is Sturges' equal-width bins over the pooled range, whose size and ends the
 * summaries know exactly; each bin's count is read off the CDF and rounded to a whole number, so a bin
 * that the CDF puts a fraction of a value in stays empty as it would be in the raw data.
 */
export function binnedFrequencies(reference: NumericalSummary, current: NumericalSummary): Frequencies {
  const referenceValues = exactValues(reference);
  const currentValues = exactValues(current);
  if (referenceValues && currentValues && referenceValues.size <= MAX_DISTINCT_FOR_VALUE_BINS) {
    return valueFrequencies(referenceValues, currentValues);
  }

  const edges = sturgesEdgesFor(Math.min(reference.min, current.min), Math.max(reference.max, current.max), reference.count + current.count);
  return { reference: histogram(new PiecewiseCdf(reference.pieces), edges), current: histogram(new PiecewiseCdf(current.pieces), edges) };
}

/** Counts per bin, each closed on the left and the last also on the right, as numpy.histogram. */
function histogram(cdf: PiecewiseCdf, edges: Float64Array): Float64Array {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let previous = cdf.at(edges[0], false);
  for (let i = 0; i < binCount; i++) {
    const next = cdf.at(edges[i + 1], i === binCount - 1);
    counts[i] = Math.max(0, Math.round(next - previous));
    previous = next;
  }
  return counts;
}
