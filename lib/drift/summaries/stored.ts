// Reading and writing summaries in drift_summaries (one per hour) and drift_daily_summaries (one per UTC
// day). Merging adds up the stored lists in SQL, which returns one row per column and bin, sketch bucket
// or category, instead of every stored summary. Counts, means and sums of squared deviations come back
// per stored summary and are merged by the accumulators (./merge.ts).

import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { CategoricalAccumulator, NumericalAccumulator, type StoredSummary } from "./merge";
import type { FeatureType } from "./types";

const DAY_MS = 24 * 3_600_000;

type Executor = Db | Tx;
export type Accumulator = NumericalAccumulator | CategoricalAccumulator;

export type MergeRange = {
  endpointId: number;
  mode: "production" | "shadow";
  /** Whole hours. */
  from: Date;
  to: Date;
  /** Read whole UTC days inside the range from drift_daily_summaries instead of their 24 hours. */
  useDays: boolean;
};

/** Returns the UTC day at or after `date`. */
export function nextDayStart(date: Date): Date {
  return new Date(Math.ceil(date.getTime() / DAY_MS) * DAY_MS);
}

/** Returns the UTC day at or before `date`. */
export function dayStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Merges the stored summaries of a range into one accumulator per column of `types`. With `useDays`, the
 * whole UTC days inside the range come from their daily summaries and only the hours before the first and
 * after the last whole day from hourly ones. Null counts are left at 0 for the caller to set.
 */
export async function mergeStoredSummaries(db: Executor, range: MergeRange, types: Map<string, FeatureType>): Promise<Map<string, Accumulator>> {
  let daysFrom = range.to;
  let daysTo = range.to;
  if (range.useDays && nextDayStart(range.from) < dayStart(range.to)) {
    daysFrom = nextDayStart(range.from);
    daysTo = dayStart(range.to);
  }

  const { endpointId, mode } = range;
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const result = await db.execute(sql`
    WITH stored AS MATERIALIZED (
      SELECT ${LIST_COLUMNS} FROM drift_summaries
      WHERE endpoint_id = ${endpointId} AND mode = ${mode}::prediction_mode
        AND ((hour >= ${from} AND hour < ${daysFrom.toISOString()}) OR (hour >= ${daysTo.toISOString()} AND hour < ${to}))
      UNION ALL
      SELECT ${LIST_COLUMNS} FROM drift_daily_summaries
      WHERE endpoint_id = ${endpointId} AND mode = ${mode}::prediction_mode AND day >= ${daysFrom.toISOString()} AND day < ${daysTo.toISOString()}
    )
    SELECT 'moments' AS kind, "column" AS name, NULL::text AS key, count AS n, NULL::float8 AS lo, NULL::float8 AS hi,
      mean, m2, coalesce(other_count, mismatched_count) AS other
    FROM stored
    UNION ALL
    SELECT 'zero', "column", NULL, sum(sketch_zero_count)::int, NULL, NULL, NULL, NULL, NULL
    FROM stored WHERE sketch_zero_count IS NOT NULL
    GROUP BY "column"
    UNION ALL
    SELECT 'bin', "column", b.index::text, sum(b.count)::int, min(b.lo), max(b.hi), NULL, NULL, NULL
    FROM stored, unnest(bin_indexes, bin_counts, bin_mins, bin_maxes) AS b(index, count, lo, hi)
    GROUP BY "column", b.index
    UNION ALL
    SELECT 'positive', "column", k.key::text, sum(k.count)::int, NULL, NULL, NULL, NULL, NULL
    FROM stored, unnest(sketch_keys, sketch_counts) AS k(key, count)
    GROUP BY "column", k.key
    UNION ALL
    SELECT 'negative', "column", k.key::text, sum(k.count)::int, NULL, NULL, NULL, NULL, NULL
    FROM stored, unnest(sketch_negative_keys, sketch_negative_counts) AS k(key, count)
    GROUP BY "column", k.key
    UNION ALL
    SELECT 'category', "column", c.name, sum(c.count)::int, NULL, NULL, NULL, NULL, NULL
    FROM stored, unnest(categories, category_counts) AS c(name, count)
    GROUP BY "column", c.name`);

  const accumulators = new Map<string, Accumulator>();
  for (const [name, type] of types) accumulators.set(name, type === "numerical" ? new NumericalAccumulator() : new CategoricalAccumulator());
  for (const row of (result as unknown as { rows: MergedRow[] }).rows) addMergedRow(accumulators.get(row.name), row);
  return accumulators;
}

/** A stored summary with the keys that place it, ready for json_to_recordset. */
export type SummaryRow = StoredSummary & { mode: string; time: string; column: string; count: number; null_count: number };

/** Inserts summaries into drift_summaries (time is the hour) or drift_daily_summaries (time is the day). */
export async function insertSummaries(db: Executor, table: "hourly" | "daily", endpointId: number, rows: SummaryRow[]): Promise<void> {
  if (rows.length === 0) return;
  const target = table === "hourly" ? sql`drift_summaries (endpoint_id, mode, hour,` : sql`drift_daily_summaries (endpoint_id, mode, day,`;
  await db.execute(sql`
    INSERT INTO ${target} ${LIST_COLUMNS})
    SELECT ${endpointId}, mode, time, ${LIST_COLUMNS}
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(mode prediction_mode, time timestamptz,
      "column" text, count int, null_count int, mismatched_count int, mean float8, m2 float8, bin_indexes int[],
      bin_counts int[], bin_mins float8[], bin_maxes float8[], sketch_keys int[], sketch_counts int[],
      sketch_negative_keys int[], sketch_negative_counts int[], sketch_zero_count int, categories text[],
      category_counts int[], other_count int)`);
}

const LIST_COLUMNS = sql.raw(
  `"column", count, null_count, mismatched_count, mean, m2, bin_indexes, bin_counts, bin_mins, bin_maxes, sketch_keys,
   sketch_counts, sketch_negative_keys, sketch_negative_counts, sketch_zero_count, categories, category_counts, other_count`,
);

type MergedRow = {
  kind: "moments" | "zero" | "bin" | "positive" | "negative" | "category";
  name: string;
  key: string | null;
  n: number;
  lo: number | null;
  hi: number | null;
  mean: number | null;
  m2: number | null;
  other: number | null;
};

function addMergedRow(accumulator: NumericalAccumulator | CategoricalAccumulator | undefined, row: MergedRow): void {
  if (accumulator instanceof CategoricalAccumulator) {
    if (row.kind === "category") accumulator.add(row.key!, row.n);
    if (row.kind === "moments") {
      accumulator.otherCount += row.other ?? 0;
      accumulator.count += row.other ?? 0;
    }
    return;
  }
  if (!accumulator) return;

  switch (row.kind) {
    case "moments":
      accumulator.addMoments(row.n, Number(row.mean ?? 0), Number(row.m2 ?? 0));
      accumulator.mismatchedCount += row.other ?? 0;
      break;
    case "bin":
      accumulator.addBin(Number(row.key), { count: row.n, min: Number(row.lo), max: Number(row.hi) });
      break;
    case "positive":
      accumulator.sketch.positive.set(Number(row.key), row.n);
      break;
    case "negative":
      accumulator.sketch.negative.set(Number(row.key), row.n);
      break;
    case "zero":
      accumulator.sketch.zero += row.n;
      break;
  }
}

