import type { FeatureType, StattestName } from "../drift";

/** A distribution drawn for people: histogram bins for numerical columns, category counts otherwise. */
export type DisplayDistribution =
  | { type: "numerical"; edges: number[]; reference: number[]; current: number[] }
  | { type: "categorical"; categories: string[]; reference: number[]; current: number[] };

/** The drift result of one column of a report. */
export type ColumnResult = {
  column: string;
  type: FeatureType;
  method: StattestName;
  statistic: number;
  /** Null for distances. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  nullShare: { reference: number; current: number };
  /** Current categories that the reference does not name; empty when the reference has an "other" count. */
  unseenCategories: string[];
  /** The reference and current distributions that the drill-down chart draws. */
  distribution: DisplayDistribution;
};

/** A column that could not be compared, with the reason. */
export type SkippedColumn = { column: string; reason: string };

/** Label-based quality of one model version over the current window. */
export type VersionPerformance = {
  version: number;
  labeled: number;
  metrics: Record<string, number | null>;
};

export type DriftReportBody = {
  reference: { description: string; rows: number };
  current: { from: string; to: string; rows: number; pendingHours: number };
  features: ColumnResult[];
  skipped: SkippedColumn[];
  /** Drift of the logged prediction and score columns. */
  prediction: ColumnResult[];
  dataset: { drifted: boolean; driftedShare: number; threshold: number };
  performance: { task: "classification" | "regression"; versions: VersionPerformance[]; sampled: boolean } | null;
};
