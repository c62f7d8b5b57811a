export type BucketWidth = "hour" | "day" | "week";

const HOUR_MS = 3_600_000;

/** Picks the bucket width of a time series so that a window gives between about 24 and 400 points. */
export function pickBucket(from: Date, to: Date): BucketWidth {
  const span = to.getTime() - from.getTime();
  if (span <= 2 * 24 * HOUR_MS) return "hour";
  if (span <= 120 * 24 * HOUR_MS) return "day";
  return "week";
}
