import { z } from "zod";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const RANGE_PRESETS = ["24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_SPAN_MS: Record<RangePreset, number> = { "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS };

/** The chart bucket sizes a range may use; rollups are per minute, so nothing finer exists. */
export const BUCKET_SIZES_MS = [
  MINUTE_MS,
  5 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  7 * DAY_MS,
];

export const MAX_CHART_POINTS = 300;
export const MAX_CUSTOM_SPAN_MS = 400 * DAY_MS;

const instant = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T12:00:00Z",
});

// Seven days by default, so a page opened on a weekly batch of traffic (or on the demo, whose data ends
// up to a week before today because it is shifted by whole weeks) shows data on its first view.
export const DEFAULT_RANGE: RangePreset = "7d";

/** Time range fields as they appear in URL search parameters: a preset, or `custom` with `from` and `to`. */
export const timeRangeFields = {
  range: z.enum([...RANGE_PRESETS, "custom"]).default(DEFAULT_RANGE),
  from: instant.optional(),
  to: instant.optional(),
};

/** Checks that a custom range has `from` before `to` and a span of at most 400 days. */
export function checkCustomRange(
  value: { range: string; from?: string; to?: string },
  context: z.RefinementCtx,
): void {
  if (value.range !== "custom") return;
  if (!value.from) context.addIssue({ code: "custom", path: ["from"], message: "is required for a custom range" });
  if (!value.to) context.addIssue({ code: "custom", path: ["to"], message: "is required for a custom range" });
  if (!value.from || !value.to) return;

  const span = Date.parse(value.to) - Date.parse(value.from);
  if (span <= 0) context.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  if (span > MAX_CUSTOM_SPAN_MS) context.addIssue({ code: "custom", path: ["to"], message: "must be at most 400 days after from" });
}

export const timeRangeSchema = z.object(timeRangeFields).superRefine(checkCustomRange);
export type TimeRangeInput = z.input<typeof timeRangeSchema>;

/** A range resolved to epoch milliseconds; `from` is aligned to a bucket start and `to` is exclusive. */
export type ResolvedRange = {
  range: RangePreset | "custom";
  from: number;
  to: number;
  bucketMs: number;
};

/** Returns the smallest bucket size that draws `spanMs` in at most `maxPoints` buckets. */
export function chooseBucketMs(spanMs: number, maxPoints = MAX_CHART_POINTS): number {
  const fitting = BUCKET_SIZES_MS.find((size) => Math.ceil(spanMs / size) <= maxPoints);
  return fitting ?? BUCKET_SIZES_MS[BUCKET_SIZES_MS.length - 1];
}

/**
 * Resolves a parsed range against `now`. Bucket starts are multiples of the bucket size since the Unix
 * epoch, the same origin the SQL `date_bin` calls use, so `from` is rounded down to one.
 */
export function resolveTimeRange(
  input: z.output<typeof timeRangeSchema>,
  now: Date,
  maxPoints = MAX_CHART_POINTS,
): ResolvedRange {
  const to = input.range === "custom" ? Date.parse(input.to!) : now.getTime();
  const start = input.range === "custom" ? Date.parse(input.from!) : to - PRESET_SPAN_MS[input.range];
  const bucketMs = chooseBucketMs(to - start, maxPoints);

  return { range: input.range, from: Math.floor(start / bucketMs) * bucketMs, to, bucketMs };
}

/** Returns the start of every bucket that overlaps [from, to). */
export function bucketStarts(range: Pick<ResolvedRange, "from" | "to" | "bucketMs">): number[] {
  const starts: number[] = [];
  for (let t = range.from; t < range.to; t += range.bucketMs) starts.push(t);
  return starts;
}
