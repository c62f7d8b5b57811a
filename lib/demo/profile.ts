export const PROFILE_QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1] as const;

/** How many of the most frequent values a categorical summary lists by name. */
export const PROFILE_TOP_VALUES = 50;

export type NumericSummary = {
  type: "numeric";
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Values at the quantiles in PROFILE_QUANTILES, interpolated linearly between order statistics. */
  quantiles: { q: number; value: number }[];
};

export type CategoricalSummary = {
  type: "categorical";
  count: number;
  distinct: number;
  /** The most frequent values and their counts, most frequent first. */
  top: Record<string, number>;
  /** Rows whose value is not in `top`. */
  otherCount: number;
};

/** Summarises numeric values: moments (population standard deviation) and quantiles. */
export function summariseNumeric(values: Float64Array): NumericSummary {
  const count = values.length;
  if (count === 0) throw new RangeError("cannot summarise an empty column");

  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sum / count;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;

  const quantiles = PROFILE_QUANTILES.map((q) => ({ q, value: quantileOfSorted(sorted, q) }));
  return { type: "numeric", count, mean, std: Math.sqrt(squares / count), min: sorted[0], max: sorted[count - 1], quantiles };
}

/** Returns the q-quantile of ascending values, interpolating linearly (numpy's default "linear" method). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Summarises categorical values by their counts. */
export function summariseCategorical(values: Iterable<string>): CategoricalSummary {
  const counts = new Map<string, number>();
  let count = 0;
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
    count += 1;
  }

  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = Object.fromEntries(ranked.slice(0, PROFILE_TOP_VALUES));
  const listed = ranked.slice(0, PROFILE_TOP_VALUES).reduce((total, [, n]) => total + n, 0);
  return { type: "categorical", count, distinct: counts.size, top, otherCount: count - listed };
}
