// Quantiles from bucketed counts follow PromQL's histogram_quantile() on classic histograms (as documented
// for ClickHouse's quantilePrometheusHistogram): find the bucket holding the rank q × total, then
// interpolate linearly between its lower and upper bound. The first bucket starts at 0, and a rank in
// the overflow bucket returns the overflow bucket's lower bound, the largest value it can vouch for.

/** Adds `counts` into `into` element by element; `into` grows to the longer length. */
export function addCounts(into: number[], counts: readonly number[]): number[] {
  for (let i = 0; i < counts.length; i++) into[i] = (into[i] ?? 0) + (counts[i] ?? 0);
  return into;
}

/** Sums several histograms with the same bucket bounds. */
export function mergeHistograms(histograms: readonly (readonly number[])[]): number[] {
  const merged: number[] = [];
  for (const counts of histograms) addCounts(merged, counts);
  return merged;
}

/**
 * Returns quantile `q` (0..1) of a histogram whose bucket `i` contains values in
 * (upperBounds[i - 1], upperBounds[i]], or null when the histogram is empty.
 */
export function histogramQuantile(counts: readonly number[], upperBounds: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be between 0 and 1, got ${q}`);

  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;

  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (count <= 0 || below + count < rank) {
      below += count;
      continue;
    }

    const lower = i === 0 ? 0 : upperBounds[i - 1];
    const upper = upperBounds[i];
    if (upper === undefined || !Number.isFinite(upper)) return lower;
    return lower + (upper - lower) * ((rank - below) / count);
  }

  // Not reached: the last non-empty bucket brings `below` to the total, which is at least the rank.
  return null;
}
