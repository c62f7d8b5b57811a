import { prepareShadowCharts, type ShadowCharts } from "../shadow/charts";
import type { BucketWidth } from "../shadow/buckets";
import type { CanaryGroup } from "./compare";

type DateLike = Date | string;

/** Latency and labeled-metric chart points of a canary comparison; the canary takes the candidate's keys. */
export type CanaryCharts = Omit<ShadowCharts, "agreement">;

/**
 * Turns a canary comparison's series into the points of the shadow charts, with the canary as the
 * candidate. Canary and production serve different requests, so there is no agreement rate to chart.
 */
export function prepareCanaryCharts(input: {
  bucket: BucketWidth;
  series: readonly { bucketStart: DateLike; canary: CanaryGroup; production: CanaryGroup }[];
}): CanaryCharts {
  const series = input.series.map((bucket) => ({
    bucketStart: bucket.bucketStart,
    agreementRate: null,
    candidateLatencyP50Ms: bucket.canary.latencyP50Ms,
    candidateLatencyP95Ms: bucket.canary.latencyP95Ms,
    productionLatencyP50Ms: bucket.production.latencyP50Ms,
    productionLatencyP95Ms: bucket.production.latencyP95Ms,
    labeled: bucket.canary.labeled + bucket.production.labeled,
    productionMetric: bucket.production.metric,
    candidateMetric: bucket.canary.metric,
  }));
  const { bucketMs, latency, metric } = prepareShadowCharts({ bucket: input.bucket, series });
  return { bucketMs, latency, metric };
}
