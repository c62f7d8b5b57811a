import { bucketStarts, type ResolvedRange } from "./time-range";
import type { CategoryPoint, ClassBucketRow, TimePoint } from "./types";
import { seriesKey, type SeriesRows } from "./series";

/** The name shown for the classes outside the top ones that the class query keeps. */
export const OTHER_CLASSES = "(other)";

/** Labels "0.0–0.1" … "0.9–1.0" for the ten score buckets. */
export function scoreBucketLabels(count = 10): string[] {
  return Array.from({ length: count }, (_, i) => `${(i / count).toFixed(1)}–${((i + 1) / count).toFixed(1)}`);
}

/** Returns the share of scores per tenth of [0, 1] for each series, or null when no series has scores. */
export function scoreHistogram(groups: readonly SeriesRows[]): CategoryPoint[] | null {
  const labels = scoreBucketLabels();
  const totals = groups.map((group) => {
    const counts = new Array<number>(labels.length).fill(0);
    for (const row of group.byBucket.values()) {
      row.scoreBuckets.forEach((count, i) => {
        if (i < counts.length) counts[i] += count;
      });
    }
    return { key: group.info.key, counts, total: counts.reduce((sum, count) => sum + count, 0) };
  });
  if (totals.every((series) => series.total === 0)) return null;

  return labels.map((category, i) => {
    const point: CategoryPoint = { category };
    for (const series of totals) point[series.key] = series.total > 0 ? series.counts[i] / series.total : null;
    return point;
  });
}

function className(row: Pick<ClassBucketRow, "predictedClass">): string {
  return row.predictedClass ?? OTHER_CLASSES;
}

/** Orders classes by total count, largest first, with the catch-all class last. */
function orderedClasses(rows: readonly ClassBucketRow[]): string[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(className(row), (totals.get(className(row)) ?? 0) + row.count);

  return [...totals.entries()]
    .sort(([a, countA], [b, countB]) => Number(a === OTHER_CLASSES) - Number(b === OTHER_CLASSES) || countB - countA)
    .map(([name]) => name);
}

/**
 * Returns the share of each predicted class per bucket in production traffic, all versions together,
 * or null when no string predictions were logged. A bucket without predictions is a gap.
 */
export function classSharesOverTime(
  range: Pick<ResolvedRange, "from" | "to" | "bucketMs">,
  rows: readonly ClassBucketRow[],
): { classes: string[]; points: TimePoint[] } | null {
  const production = rows.filter((row) => row.mode === "production");
  if (production.length === 0) return null;

  const counts = new Map<number, Map<string, number>>();
  for (const row of production) {
    const bucket = counts.get(row.bucket) ?? new Map<string, number>();
    bucket.set(className(row), (bucket.get(className(row)) ?? 0) + row.count);
    counts.set(row.bucket, bucket);
  }

  const classes = orderedClasses(production);
  const points = bucketStarts(range).map((t) => {
    const point: TimePoint = { t };
    const bucket = counts.get(t);
    const total = bucket ? [...bucket.values()].reduce((sum, count) => sum + count, 0) : 0;
    for (const name of classes) point[name] = total > 0 ? (bucket!.get(name) ?? 0) / total : null;
    return point;
  });
  return { classes, points };
}

/** Returns the share of each predicted class over the whole range, one value per series, or null. */
export function classTotals(rows: readonly ClassBucketRow[], series: readonly SeriesRows[]): CategoryPoint[] | null {
  if (rows.length === 0) return null;

  const counts = new Map<string, Map<string, number>>();
  const seriesTotals = new Map<string, number>();
  for (const row of rows) {
    const key = seriesKey(row.version, row.mode);
    const byClass = counts.get(key) ?? new Map<string, number>();
    byClass.set(className(row), (byClass.get(className(row)) ?? 0) + row.count);
    counts.set(key, byClass);
    seriesTotals.set(key, (seriesTotals.get(key) ?? 0) + row.count);
  }

  return orderedClasses(rows).map((category) => {
    const point: CategoryPoint = { category };
    for (const { info } of series) {
      const total = seriesTotals.get(info.key) ?? 0;
      point[info.key] = total > 0 ? (counts.get(info.key)?.get(category) ?? 0) / total : null;
    }
    return point;
  });
}
