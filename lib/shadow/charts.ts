import type { TimePoint } from "../dashboard/types";
import type { BucketWidth } from "./buckets";

const BUCKET_MS: Record<BucketWidth, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
/** The charts draw at most this many buckets; a longer window keeps the newest ones. */
export const MAX_CHART_BUCKETS = 400;

/** A comparison as the page receives it: straight from the domain function, or as JSON with ISO strings. */
type DateLike = Date | string;
type SeriesBucket = {
  bucketStart: DateLike;
  agreementRate: number | null;
  candidateLatencyP50Ms: number | null;
  candidateLatencyP95Ms: number | null;
  productionLatencyP50Ms: number | null;
  productionLatencyP95Ms: number | null;
  labeled: number;
  productionMetric: number | null;
  candidateMetric: number | null;
};

export type ShadowCharts = {
  bucketMs: number;
  /** Key `agreement`, the agreement rate from 0 to 1. */
  agreement: TimePoint[];
  /** Keys `candidateP50`, `candidateP95`, `productionP50` and `productionP95`, in milliseconds. */
  latency: TimePoint[];
  /** Keys `production` and `candidate`; null when no bucket has a labeled pair. */
  metric: TimePoint[] | null;
};

/**
 * Turns a comparison's series into chart points, one per bucket from the first to the last bucket with
 * pairs. A bucket without pairs gets nulls, so the charts show a gap instead of a drop to zero.
 */
export function prepareShadowCharts(input: { bucket: BucketWidth; series: readonly SeriesBucket[] }): ShadowCharts {
  const bucketMs = BUCKET_MS[input.bucket];
  const byStart = new Map(input.series.map((bucket) => [new Date(bucket.bucketStart).getTime(), bucket]));
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  if (starts.length === 0) return { bucketMs, agreement: [], latency: [], metric: null };

  const last = starts[starts.length - 1];
  const first = Math.max(starts[0], last - (MAX_CHART_BUCKETS - 1) * bucketMs);
  const agreement: TimePoint[] = [];
  const latency: TimePoint[] = [];
  const metric: TimePoint[] = [];
  let anyLabeled = false;

  // Buckets are aligned by date_trunc in UTC, so stepping by the bucket width lands on each start.
  for (let t = first; t <= last; t += bucketMs) {
    const bucket = byStart.get(t);
    agreement.push({ t, agreement: bucket?.agreementRate ?? null });
    latency.push({
      t,
      candidateP50: bucket?.candidateLatencyP50Ms ?? null,
      candidateP95: bucket?.candidateLatencyP95Ms ?? null,
      productionP50: bucket?.productionLatencyP50Ms ?? null,
      productionP95: bucket?.productionLatencyP95Ms ?? null,
    });
    metric.push({ t, production: bucket?.productionMetric ?? null, candidate: bucket?.candidateMetric ?? null });
    if (bucket && bucket.labeled > 0) anyLabeled = true;
  }
  return { bucketMs, agreement, latency, metric: anyLabeled ? metric : null };
}
