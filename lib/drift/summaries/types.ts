import type { FeatureType } from "../names";

/** The reserved column name of the logged prediction; features may not use it. */
export const PREDICTION_COLUMN = "@prediction";
/** The reserved column name of the logged score; features may not use it. */
export const SCORE_COLUMN = "@score";
export const RESERVED_COLUMNS: readonly string[] = [PREDICTION_COLUMN, SCORE_COLUMN];

/**
 * Part of a numerical distribution: `count` values spread evenly over [lo, hi], or all equal to `lo`
 * when lo = hi. The pieces of one summary are sorted and do not overlap.
 */
export type Piece = { lo: number; hi: number; count: number };

/** Counts of a DDSketch's logarithmic buckets by key (see ./sketch.ts), for values above, below and at 0. */
export type SketchCounts = { positive: Map<number, number>; negative: Map<number, number>; zero: number };

export type NumericalSummary = {
  type: "numerical";
  /** Numbers summarized. */
  count: number;
  /** Values that were null or absent. */
  nullCount: number;
  /** Non-null values that were not numbers; like nulls, they are left out of every stattest. */
  mismatchedCount: number;
  min: number;
  max: number;
  mean: number;
  /** Sum of squared deviations from the mean, so the population variance is m2 / count. */
  m2: number;
  /** The distribution as sorted pieces, one per non-empty bin (or per profile quantile interval). */
  pieces: Piece[];
  /** Bucket counts of a DDSketch with 1% relative accuracy, or null for a summary built from quantiles only. */
  sketch: SketchCounts | null;
};

export type CategoricalSummary = {
  type: "categorical";
  /** Non-null values summarized; numbers and booleans count as their text. */
  count: number;
  nullCount: number;
  /** Counts per category. Categories beyond the kept ones are counted in `otherCount` only. */
  categories: Map<string, number>;
  otherCount: number;
};

/** A mergeable summary of one column over some rows: a reference or a current window. */
export type ColumnSummary = NumericalSummary | CategoricalSummary;

export type { FeatureType };
