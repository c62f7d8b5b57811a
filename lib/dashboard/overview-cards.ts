import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "../ingest/latency-buckets";
import { addCounts, histogramQuantile } from "./histogram";
import { ratio } from "./series";
import { bucketStarts, type ResolvedRange } from "./time-range";
import type { ModelTask, RollupBucketRow, TimePoint } from "./types";

export type EndpointInfo = {
  id: number;
  name: string;
  description: string;
  modelName: string;
  task: ModelTask;
  productionVersion: number | null;
};

/**
 * The average prediction of an endpoint: the share predicted positive for classifiers whose numeric
 * predictions are all 0 or 1, the mean for other numeric predictions, else the most frequent class.
 */
export type PredictionRate =
  | { kind: "positive-share"; value: number }
  | { kind: "mean"; value: number }
  | { kind: "top-class"; value: number; className: string };

export type EndpointCard = Omit<EndpointInfo, "id"> & {
  requests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  predictionRate: PredictionRate | null;
  /** Accuracy for classifiers, mean absolute error for regressors, over the labeled predictions. */
  quality: { kind: "accuracy" | "mae"; value: number; labeled: number } | null;
  /** Points with keys `requests`, `p95` (ms) and `quality`. */
  points: TimePoint[];
};

type Totals = {
  count: number;
  latency: number[];
  numericCount: number;
  numericSum: number;
  numericSumSquares: number;
  labeled: number;
  correct: number;
  absError: number;
};

function emptyTotals(): Totals {
  return { count: 0, latency: [], numericCount: 0, numericSum: 0, numericSumSquares: 0, labeled: 0, correct: 0, absError: 0 };
}

function addRow(totals: Totals, row: RollupBucketRow): void {
  totals.count += row.count;
  addCounts(totals.latency, row.latencyBuckets);
  totals.numericCount += row.numericCount;
  totals.numericSum += row.numericSum;
  totals.numericSumSquares += row.numericSumSquares;
  totals.labeled += row.labeledCount;
  totals.correct += row.correctCount;
  totals.absError += row.absErrorSum;
}

function qualityOf(task: ModelTask, totals: Totals): number | null {
  return task === "classification" ? ratio(totals.correct, totals.labeled) : ratio(totals.absError, totals.labeled);
}

function predictionRate(
  task: ModelTask,
  totals: Totals,
  topClass: { predictedClass: string; share: number } | undefined,
): PredictionRate | null {
  if (totals.numericCount > 0) {
    const value = totals.numericSum / totals.numericCount;
    // x² = x only for 0 and 1, so equal sums mean every prediction was 0 or 1 (up to rounding of other mixes).
    const binary = task === "classification" && Math.abs(totals.numericSumSquares - totals.numericSum) < 1e-9;
    return binary ? { kind: "positive-share", value } : { kind: "mean", value };
  }
  if (topClass) return { kind: "top-class", value: topClass.share, className: topClass.predictedClass };
  return null;
}

/**
 * Builds one overview card per endpoint from production-mode rows, with all versions together:
 * whole-range figures and small series of requests, p95 latency and quality per bucket.
 */
export function prepareOverviewCards(input: {
  range: Pick<ResolvedRange, "from" | "to" | "bucketMs">;
  endpoints: readonly EndpointInfo[];
  rows: readonly RollupBucketRow[];
  topClasses: readonly { endpointId: number; predictedClass: string; share: number }[];
  latencyBounds?: readonly number[];
}): EndpointCard[] {
  const bounds = input.latencyBounds ?? LATENCY_BUCKET_UPPER_BOUNDS_MS;
  const starts = bucketStarts(input.range);

  return input.endpoints.map(({ id, ...endpoint }) => {
    const whole = emptyTotals();
    const byBucket = new Map<number, Totals>();
    for (const row of input.rows) {
      if (row.endpointId !== id) continue;
      addRow(whole, row);
      const bucket = byBucket.get(row.bucket) ?? emptyTotals();
      addRow(bucket, row);
      byBucket.set(row.bucket, bucket);
    }

    const points = starts.map((t): TimePoint => {
      const bucket = byBucket.get(t);
      if (!bucket) return { t, requests: null, p95: null, quality: null };
      return { t, requests: bucket.count, p95: histogramQuantile(bucket.latency, bounds, 0.95), quality: qualityOf(endpoint.task, bucket) };
    });
    const quality = qualityOf(endpoint.task, whole);

    return {
      ...endpoint,
      requests: whole.count,
      latencyP50Ms: histogramQuantile(whole.latency, bounds, 0.5),
      latencyP95Ms: histogramQuantile(whole.latency, bounds, 0.95),
      predictionRate: predictionRate(endpoint.task, whole, input.topClasses.find((top) => top.endpointId === id)),
      quality:
        quality === null ? null : { kind: endpoint.task === "classification" ? "accuracy" : "mae", value: quality, labeled: whole.labeled },
      points,
    };
  });
}
