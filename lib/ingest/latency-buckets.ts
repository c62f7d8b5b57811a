// Latency histogram buckets shared by ingest and the charts: geometric upper bounds 0.25 ms × 1.25^k
// (k = 0..55, up to about 61 s), then one overflow bucket. A percentile read from these buckets with
// linear interpolation inside a bucket is within 25% of the exact value.
const FIRST_BOUND_MS = 0.25;
const GROWTH = 1.25;
const FINITE_BUCKETS = 56;

export const LATENCY_BUCKET_UPPER_BOUNDS_MS: number[] = [
  ...Array.from({ length: FINITE_BUCKETS }, (_, k) => FIRST_BOUND_MS * GROWTH ** k),
  Number.POSITIVE_INFINITY,
];

export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_UPPER_BOUNDS_MS.length;

/** Returns the index of the first bucket whose upper bound is at or above `ms`. */
export function latencyBucketIndex(ms: number): number {
  if (ms <= FIRST_BOUND_MS) return 0;
  const index = Math.ceil(Math.log(ms / FIRST_BOUND_MS) / Math.log(GROWTH) - 1e-9);
  return Math.min(index, LATENCY_BUCKET_COUNT - 1);
}

export const SCORE_BUCKET_COUNT = 10;

/** Returns the tenth of [0, 1] a score falls in; 1.0 belongs to the last bucket. */
export function scoreBucketIndex(score: number): number {
  return Math.min(SCORE_BUCKET_COUNT - 1, Math.floor(score * SCORE_BUCKET_COUNT));
}
