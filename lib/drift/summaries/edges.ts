// Fixed bin edges of a numerical column. They are chosen once per endpoint and column and then shared by
// every hourly summary, so that hourly bin counts add up. A column with few distinct values gets one bin
// per value, which makes its summaries exact. Otherwise about 100 bins of equal reference mass keep each
// bin near 1% of the reference, which bounds how far the piecewise-linear CDF of ./cdf.ts can be from the
// exact one inside a bin. Bin i contains the values x with edges[i-1] <= x < edges[i]. Bin 0 and bin
// edges.length are open towards -Infinity and +Infinity, as PostgreSQL's width_bucket(x, edges) counts them.

import { sortedCopy } from "../sort";

/** Bins of equal reference mass between the first and the last edge. */
export const EQUAL_MASS_BINS = 100;

/** Up to this many distinct values, every value gets a bin of its own, which keeps discrete columns exact. */
export const MAX_VALUE_EDGES = 200;

/**
 * Returns one edge per distinct value when there are at most MAX_VALUE_EDGES of them. Otherwise returns
 * the edges at the quantiles 0, 1%, ..., 100% of the values (linear interpolation between order
 * statistics, as NumPy's default), without repeats.
 */
export function edgesFromValues(values: Float64Array): number[] {
  if (values.length === 0) return [];
  const sorted = sortedCopy(values);
  const distinct = distinctSorted(Array.from(sorted));
  if (distinct.length <= MAX_VALUE_EDGES) return distinct;

  const edges: number[] = [];
  for (let k = 0; k <= EQUAL_MASS_BINS; k++) edges.push(quantileOfSorted(sorted, k / EQUAL_MASS_BINS));
  return distinctSorted(edges);
}

/**
 * Returns edges from a training profile's quantiles: the profile's values themselves, plus the quantiles
 * 0, 1%, ..., 100% of the piecewise-linear CDF through them. A profile with 11 quantiles thus still gives
 * about 100 bins, each spreading its mass evenly between the two profile quantiles around it.
 */
export function edgesFromQuantiles(points: ReadonlyArray<{ q: number; value: number }>): number[] {
  const sorted = [...points].filter((point) => Number.isFinite(point.value)).sort((a, b) => a.q - b.q);
  if (sorted.length === 0) return [];

  const edges = sorted.map((point) => point.value);
  const first = sorted[0].q;
  const last = sorted[sorted.length - 1].q;
  let j = 0;
  for (let k = 0; k <= EQUAL_MASS_BINS; k++) {
    const q = k / EQUAL_MASS_BINS;
    if (q < first || q > last) continue;
    while (j < sorted.length - 2 && sorted[j + 1].q < q) j++;
    const below = sorted[j];
    const above = sorted[Math.min(j + 1, sorted.length - 1)];
    const share = above.q > below.q ? (q - below.q) / (above.q - below.q) : 0;
    edges.push(below.value + share * (above.value - below.value));
  }
  return distinctSorted(edges);
}

/** Returns the bin of `value`: the number of edges at or below it, as PostgreSQL's width_bucket. */
export function binIndex(edges: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Returns the edges of both lists together, ascending and without repeats. */
export function unionEdges(a: readonly number[], b: readonly number[]): number[] {
  return distinctSorted([...a, ...b]);
}

function distinctSorted(values: number[]): number[] {
  const sorted = values.sort((a, b) => a - b);
  return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
}
