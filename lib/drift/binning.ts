// Turning two samples into aligned frequencies for the divergences (psi, kl_div, jensenshannon, hellinger)
// and the categorical tests, following Evidently's `get_binned_data` (stattests/utils.py):
// - numerical data whose reference has more than 20 distinct values go into equal-width bins over the
//   pooled sample. Sturges' rule sets their count, as `numpy.histogram_bin_edges(pooled, bins="sturges")`
//   does, and each bin is closed on the left and the last also on the right, as in `numpy.histogram`;
// - other data get one bin per distinct value seen in either sample.
// Evidently's `hellinger` bins numerical data differently (Sturges edges over the distinct values instead
// of the pooled sample, without the 20-value rule); Keel bins it like the other divergences.

import { countAtMost, countBelow, countDistinctSorted, sortedCopy } from "./sort";
import type { Frequencies } from "./types";

export const MAX_DISTINCT_FOR_VALUE_BINS = 20;

/** Bins two numerical samples as described above. */
export function binNumerical(reference: Float64Array, current: Float64Array): Frequencies {
  const a = sortedCopy(reference);
  const b = sortedCopy(current);
  if (countDistinctSorted(a) <= MAX_DISTINCT_FOR_VALUE_BINS) return countSortedValues(a, b);

  const edges = sturgesEdges(a, b);
  return { reference: histogram(a, edges), current: histogram(b, edges) };
}

/** Bin edges from Sturges' rule over the pooled sample, as `numpy.histogram_bin_edges(..., "sturges")`. */
export function sturgesEdges(a: Float64Array, b: Float64Array): Float64Array {
  return sturgesEdgesFor(Math.min(a[0], b[0]), Math.max(a[a.length - 1], b[b.length - 1]), a.length + b.length);
}

/** Sturges' edges for `size` pooled values between `min` and `max`; summaries know these three exactly. */
export function sturgesEdgesFor(min: number, max: number, size: number): Float64Array {
  const range = max - min;
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }

  const width = range / (Math.log2(size) + 1);
  const binCount = width ? Math.ceil((last - first) / width) : 1;
  const step = (last - first) / binCount;
  const edges = new Float64Array(binCount + 1);
  for (let i = 0; i < binCount; i++) edges[i] = i * step + first;
  edges[binCount] = last;
  return edges;
}

/** Counts per bin of a sorted sample, as `numpy.histogram(sample, edges)`. */
function histogram(sorted: Float64Array, edges: Float64Array): Float64Array {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let previous = countBelow(sorted, edges[0]);
  for (let i = 0; i < binCount; i++) {
    const next = i === binCount - 1 ? countAtMost(sorted, edges[i + 1]) : countBelow(sorted, edges[i + 1]);
    counts[i] = next - previous;
    previous = next;
  }
  return counts;
}

/** Counts per distinct value of two sorted samples, in ascending order of value. */
export function countSortedValues(a: Float64Array, b: Float64Array): Frequencies & { values: number[] } {
  const values: number[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    const startI = i;
    const startJ = j;
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    values.push(value);
    reference.push(i - startI);
    current.push(j - startJ);
  }
  return { values, reference: Float64Array.from(reference), current: Float64Array.from(current) };
}

/**
 * Counts per category of two samples of category names, with the categories in ascending order (UTF-16
 * code unit order, as `Array.prototype.sort`).
 */
export function countCategories(reference: readonly string[], current: readonly string[]): Frequencies & { categories: string[] } {
  const referenceCounts = new Map<string, number>();
  const currentCounts = new Map<string, number>();
  for (const category of reference) referenceCounts.set(category, (referenceCounts.get(category) ?? 0) + 1);
  for (const category of current) currentCounts.set(category, (currentCounts.get(category) ?? 0) + 1);

  const categories = [...new Set([...referenceCounts.keys(), ...currentCounts.keys()])].sort();
  return {
    categories,
    reference: Float64Array.from(categories, (category) => referenceCounts.get(category) ?? 0),
    current: Float64Array.from(categories, (category) => currentCounts.get(category) ?? 0),
  };
}
