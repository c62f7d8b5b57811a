import { histogramQuantile, mergeHistograms } from "./histogram";
import { bucketStarts, type ResolvedRange } from "./time-range";
import type { PredictionMode, RollupBucketRow, SeriesInfo, SeriesSummary, TimePoint } from "./types";

/** Returns `numerator / denominator`, or null when the denominator is zero. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function seriesKey(version: number, mode: PredictionMode): string {
  return mode === "production" ? `v${version}` : `v${version}-${mode}`;
}

export function seriesLabel(version: number, mode: PredictionMode): string {
  return mode === "production" ? `v${version}` : `v${version} (${mode})`;
}

/** Rows of one series, by bucket start. */
export type SeriesRows = { info: SeriesInfo; byBucket: Map<number, RollupBucketRow> };

/** Groups rows by version and mode; production series come first, then by version number. */
export function groupBySeries(rows: readonly RollupBucketRow[]): SeriesRows[] {
  const groups = new Map<string, SeriesRows>();
  for (const row of rows) {
    const key = seriesKey(row.version, row.mode);
    let group = groups.get(key);
    if (!group) {
      group = { info: { key, label: seriesLabel(row.version, row.mode), version: row.version, mode: row.mode }, byBucket: new Map() };
      groups.set(key, group);
    }
    group.byBucket.set(row.bucket, row);
  }

  return [...groups.values()].sort(
    (a, b) => Number(a.info.mode !== "production") - Number(b.info.mode !== "production") || a.info.version - b.info.version,
  );
}

/**
 * Builds one point per bucket of the range with one value per series. A bucket without a row, or whose
 * row yields null, is a gap: charts draw nothing there instead of a misleading zero.
 */
export function timeSeries(
  range: Pick<ResolvedRange, "from" | "to" | "bucketMs">,
  groups: readonly SeriesRows[],
  value: (row: RollupBucketRow) => number | null,
  keySuffix = "",
): TimePoint[] {
  return bucketStarts(range).map((t) => {
    const point: TimePoint = { t };
    for (const group of groups) {
      const row = group.byBucket.get(t);
      point[group.info.key + keySuffix] = row ? value(row) : null;
    }
    return point;
  });
}

/** Puts the points of several series builds with different key suffixes into one point per bucket. */
export function zipPoints(...parts: TimePoint[][]): TimePoint[] {
  return parts[0].map((point, index) => Object.assign({}, ...parts.map((part) => part[index])) as TimePoint);
}

export function latencyQuantile(row: Pick<RollupBucketRow, "latencyBuckets">, bounds: readonly number[], q: number) {
  return histogramQuantile(row.latencyBuckets, bounds, q);
}

/** Returns the whole-range figures of one series. */
export function summarizeSeries(group: SeriesRows, bounds: readonly number[]): SeriesSummary {
  const rows = [...group.byBucket.values()];
  const total = (pick: (row: RollupBucketRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);
  const latency = mergeHistograms(rows.map((row) => row.latencyBuckets));
  const labeled = total((row) => row.labeledCount);

  return {
    key: group.info.key,
    requests: total((row) => row.count),
    latencyP50Ms: histogramQuantile(latency, bounds, 0.5),
    latencyP95Ms: histogramQuantile(latency, bounds, 0.95),
    meanPrediction: ratio(total((row) => row.numericSum), total((row) => row.numericCount)),
    labeled,
    accuracy: ratio(total((row) => row.correctCount), labeled),
    mae: ratio(total((row) => row.absErrorSum), labeled),
    rmse: labeled > 0 ? Math.sqrt(total((row) => row.squaredErrorSum) / labeled) : null,
    logLoss: ratio(total((row) => row.logLossSum), total((row) => row.logLossCount)),
  };
}
