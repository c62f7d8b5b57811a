import { LATENCY_BUCKET_UPPER_BOUNDS_MS } from "../ingest/latency-buckets";
import { classSharesOverTime, classTotals, scoreHistogram } from "./distributions";
import { groupBySeries, latencyQuantile, ratio, summarizeSeries, timeSeries, zipPoints } from "./series";
import type { ResolvedRange } from "./time-range";
import type { ClassBucketRow, EndpointCharts, ModelTask, RollupBucketRow } from "./types";

export type EndpointChartsInput = {
  range: Pick<ResolvedRange, "from" | "to" | "bucketMs">;
  task: ModelTask;
  rows: readonly RollupBucketRow[];
  classRows: readonly ClassBucketRow[];
  latencyBounds?: readonly number[];
};

/**
 * Turns bucketed rollup rows into the series of the endpoint page, one series per model version and
 * mode. Accuracy is drawn for classifiers, and MAE and RMSE for regressors. Each quality chart, like the
 * mean prediction and the distributions, is null when no row contains its data.
 */
export function prepareEndpointCharts(input: EndpointChartsInput): EndpointCharts {
  const { range, task, rows, classRows } = input;
  const bounds = input.latencyBounds ?? LATENCY_BUCKET_UPPER_BOUNDS_MS;
  const groups = groupBySeries(rows);
  const any = (test: (row: RollupBucketRow) => boolean) => rows.some(test);

  const latency = zipPoints(
    timeSeries(range, groups, (row) => latencyQuantile(row, bounds, 0.5), ":p50"),
    timeSeries(range, groups, (row) => latencyQuantile(row, bounds, 0.95), ":p95"),
  );
  const labeled = any((row) => row.labeledCount > 0);

  return {
    series: groups.map((group) => group.info),
    summaries: groups.map((group) => summarizeSeries(group, bounds)),
    traffic: timeSeries(range, groups, (row) => row.count),
    latency,
    meanPrediction: any((row) => row.numericCount > 0)
      ? timeSeries(range, groups, (row) => ratio(row.numericSum, row.numericCount))
      : null,
    accuracy:
      task === "classification" && labeled ? timeSeries(range, groups, (row) => ratio(row.correctCount, row.labeledCount)) : null,
    mae: task === "regression" && labeled ? timeSeries(range, groups, (row) => ratio(row.absErrorSum, row.labeledCount)) : null,
    rmse:
      task === "regression" && labeled
        ? timeSeries(range, groups, (row) => (row.labeledCount > 0 ? Math.sqrt(row.squaredErrorSum / row.labeledCount) : null))
        : null,
    logLoss: any((row) => row.logLossCount > 0)
      ? timeSeries(range, groups, (row) => ratio(row.logLossSum, row.logLossCount))
      : null,
    scoreHistogram: scoreHistogram(groups),
    classShares: classSharesOverTime(range, classRows),
    classTotals: classTotals(classRows, groups),
  };
}
