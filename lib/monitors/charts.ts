import { formatNumber } from "../dashboard/format";
import type { CategoryPoint, TimePoint } from "../dashboard/types";
import type { PerformanceHistoryPoint } from "./history";
import type { ColumnHistoryPoint, DriftReportListItem } from "./reports";
import type { ColumnResult, DisplayDistribution } from "./types";

// Shapes drift reports into the rows and points that the drift tab and the feature drill-down draw.
// Stored report bodies are JSON, so a statistic that was infinite or NaN when the report ran reads back as null.

type Decision = { statistic: number | null; pValue: number | null };

/**
 * Returns the value that a column's threshold applies to: the p-value for statistical tests (drift when
 * it is below the threshold) and the statistic for distances (drift when it reaches the threshold).
 * Null when that value is not a finite number.
 */
export function decisionValue(result: Decision): number | null {
  const value = result.pValue ?? result.statistic;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Points of a column's decision value (`value`) and threshold (`threshold`) per report, oldest first. */
export function columnTrend(history: readonly ColumnHistoryPoint[] | undefined): TimePoint[] {
  return (history ?? []).map((point) => ({ t: Date.parse(point.ranAt), value: decisionValue(point), threshold: point.threshold }));
}

/** Points of a column's null share in the reference (`reference`) and the current window (`current`) per report, oldest first. */
export function nullShareTrend(history: readonly ColumnHistoryPoint[] | undefined): TimePoint[] {
  return (history ?? []).map((point) => ({ t: Date.parse(point.ranAt), reference: point.nullShare.reference, current: point.nullShare.current }));
}

/** One row of the feature or prediction table. */
export type ColumnRow = {
  column: string;
  type: ColumnResult["type"];
  method: ColumnResult["method"];
  /** Null when the statistic is not finite. */
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  /** The value the threshold applies to, which is also the value the trend draws. */
  decidedBy: "p-value" | "statistic";
  nullShare: ColumnResult["nullShare"];
  trend: TimePoint[];
};

/** Builds the table rows of a report's columns in the report's order (by severity), each with its trend. */
export function columnRows(results: readonly ColumnResult[], history: Record<string, ColumnHistoryPoint[]>): ColumnRow[] {
  return results.map((result) => ({
    column: result.column,
    type: result.type,
    method: result.method,
    statistic: typeof result.statistic === "number" && Number.isFinite(result.statistic) ? result.statistic : null,
    pValue: result.pValue,
    threshold: result.threshold,
    drifted: result.drifted,
    decidedBy: result.pValue === null ? "statistic" : "p-value",
    nullShare: result.nullShare,
    trend: columnTrend(history[result.column]),
  }));
}

/**
 * Turns a column's reference and current counts into bars of shares: each side is divided by its own
 * total, so a week of logs compares with a training set many times its size. A side without values
 * gets null bars.
 */
export function distributionBars(distribution: DisplayDistribution): CategoryPoint[] {
  const share = (counts: number[]) => {
    const total = counts.reduce((sum, count) => sum + count, 0);
    return counts.map((count) => (total > 0 ? count / total : null));
  };
  const reference = share(distribution.reference);
  const current = share(distribution.current);

  const labels =
    distribution.type === "categorical"
      ? distribution.categories
      : distribution.edges.slice(0, -1).map((lo, index) => `${formatNumber(lo)}–${formatNumber(distribution.edges[index + 1])}`);
  return labels.map((category, index) => ({ category, reference: reference[index] ?? null, current: current[index] ?? null }));
}

type ReportPoint = Pick<DriftReportListItem, "status" | "dataset"> & { ranAt: Date | string };

/**
 * Points of the share of drifted features (`share`) and the dataset drift threshold (`threshold`) per
 * report, oldest first. Failed runs and runs without data are gaps, since they measured nothing.
 */
export function driftShareTrend(reports: readonly ReportPoint[]): TimePoint[] {
  return reports
    .map((report) => ({ report, t: new Date(report.ranAt).getTime() }))
    .sort((a, b) => a.t - b.t)
    .map(({ report, t }) => ({
      t,
      share: report.status === "failed" || report.status === "no_data" ? null : report.dataset.driftedShare,
      threshold: report.dataset.threshold,
    }));
}

/** Accuracy (classification) or mean absolute error (regression) per model version over successive reports. */
export type PerformanceTrend = {
  metric: "accuracy" | "mae";
  versions: number[];
  /** Keys `v<version>`; null where the report had no labeled predictions of that version. */
  points: TimePoint[];
};

/** Builds the performance-over-time chart from reports with performance, or null when none has a value. */
export function performanceTrend(history: readonly PerformanceHistoryPoint[]): PerformanceTrend | null {
  if (history.length === 0) return null;

  const metric = history[history.length - 1].performance.task === "classification" ? "accuracy" : "mae";
  const versions = [...new Set(history.flatMap((point) => point.performance.versions.map((entry) => entry.version)))].sort((a, b) => a - b);
  const points = history.map((point) => {
    const row: TimePoint = { t: Date.parse(point.ranAt) };
    for (const version of versions) {
      const entry = point.performance.versions.find((candidate) => candidate.version === version);
      const value = entry?.metrics[metric];
      row[`v${version}`] = typeof value === "number" && Number.isFinite(value) ? value : null;
    }
    return row;
  });

  const hasValue = points.some((point) => versions.some((version) => point[`v${version}`] !== null));
  return hasValue ? { metric, versions, points } : null;
}
