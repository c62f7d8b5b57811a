import { sql } from "drizzle-orm";
import { authorize } from "../../auth/access";
import type { Ctx } from "../../context";
import type { Tx } from "../../db/client";
import { addColumnConfigs, readColumnConfigs, type ColumnConfig } from "./columns";
import { CategoricalAccumulator, MAX_CATEGORIES, NumericalAccumulator } from "./merge";
import { SKETCH_LOG_GAMMA, SKETCH_MIN_MAGNITUDE } from "./sketch";
import { dayStart, insertSummaries, mergeStoredSummaries } from "./stored";
import { PREDICTION_COLUMN, SCORE_COLUMN } from "./types";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Hours summarized per call when the caller sets no limit. */
export const DEFAULT_MAX_HOURS = 1_000;

/** First key of the transaction-level advisory lock that lets one summarizer at a time write an endpoint. */
const ADVISORY_LOCK_NAMESPACE = 0x4b44; // "KD"

export type SummarizePendingInput = {
  endpointId?: number;
  maxHours?: number;
  /** Only hours that start in [from, to), such as a drift window that must be current before a run. */
  from?: Date;
  to?: Date;
};

type Mode = "production" | "shadow";
type Run = { endpointId: number; start: Date; end: Date; hours: number };

/**
 * Summarizes the hours whose prediction logs changed since they were last summarized: hours with a
 * prediction_hourly_rollups count (summed over versions) and no summary, or a summary made at another
 * count, as after late or new data. Oldest hours go first, at most `maxHours` per call, and each hour is
 * recomputed whole from its logs, so running it again, or after a failure, is safe. Returns the number
 * of (endpoint, hour) pairs summarized. Meant to be called from a scheduled job until it returns 0.
 */
export async function summarizePendingHours(ctx: Ctx, input: SummarizePendingInput = {}): Promise<{ hours: number }> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const maxHours = input.maxHours ?? DEFAULT_MAX_HOURS;
  if (!Number.isInteger(maxHours) || maxHours < 1) throw new RangeError(`maxHours must be a positive integer, not ${maxHours}`);

  const pending = await findPendingHours(ctx, input.endpointId ?? null, maxHours, input.from ?? null, input.to ?? null);
  const started = performance.now();
  let hours = 0;
  for (const run of groupIntoRuns(pending)) {
    await ctx.db.transaction((tx) => summarizeRun(tx, run));
    hours += run.hours;
  }

  if (hours > 0) ctx.log.info({ hours, seconds: (performance.now() - started) / 1000, endpointId: input.endpointId }, "summarized hours for drift");
  return { hours };
}

/** Returns the (endpoint, hour) pairs whose summary is missing or was made at another rollup count, oldest first. */
async function findPendingHours(
  ctx: Ctx,
  endpointId: number | null,
  limit: number,
  from: Date | null,
  to: Date | null,
): Promise<{ endpointId: number; hour: Date }[]> {
  const result = await ctx.db.execute(sql`
    SELECT r.endpoint_id, r.hour
    FROM (
      SELECT endpoint_id, mode, hour, sum(count)::int AS count
      FROM prediction_hourly_rollups
      WHERE (${endpointId}::int IS NULL OR endpoint_id = ${endpointId}::int)
        AND (${from?.toISOString() ?? null}::timestamptz IS NULL OR hour >= ${from?.toISOString() ?? null}::timestamptz)
        AND (${to?.toISOString() ?? null}::timestamptz IS NULL OR hour < ${to?.toISOString() ?? null}::timestamptz)
      GROUP BY endpoint_id, mode, hour
    ) r
    LEFT JOIN drift_summary_hours s ON s.endpoint_id = r.endpoint_id AND s.mode = r.mode AND s.hour = r.hour
    WHERE s.rollup_count IS DISTINCT FROM r.count
    GROUP BY r.endpoint_id, r.hour
    ORDER BY r.endpoint_id, r.hour
    LIMIT ${limit}`);
  return (result as unknown as { rows: { endpoint_id: number; hour: Date | string }[] }).rows.map((row) => ({
    endpointId: row.endpoint_id,
    hour: new Date(row.hour),
  }));
}

/** Groups sorted (endpoint, hour) pairs into runs of consecutive hours within one UTC day. */
function groupIntoRuns(pending: { endpointId: number; hour: Date }[]): Run[] {
  const runs: Run[] = [];
  for (const { endpointId, hour } of pending) {
    const last = runs[runs.length - 1];
    const sameDay = last && dayStart(last.start).getTime() === dayStart(hour).getTime();
    if (last && sameDay && last.endpointId === endpointId && last.end.getTime() === hour.getTime()) {
      last.end = new Date(hour.getTime() + HOUR_MS);
      last.hours += 1;
    } else {
      runs.push({ endpointId, start: hour, end: new Date(hour.getTime() + HOUR_MS), hours: 1 });
    }
  }
  return runs;
}

async function summarizeRun(tx: Tx, run: Run): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCK_NAMESPACE}::int, ${run.endpointId}::int)`);

  let columns = await readColumnConfigs(tx, run.endpointId);
  let aggregates = await aggregateRun(tx, run, columns);
  if (aggregates.unknownColumns.length > 0) {
    await addColumnConfigs(tx, run.endpointId, aggregates.unknownColumns, run.start);
    columns = await readColumnConfigs(tx, run.endpointId);
    aggregates = await aggregateRun(tx, run, columns);
  }

  await writeRun(tx, run, aggregates.hours);
  await rebuildDay(tx, run.endpointId, dayStart(run.start), columns);
}

type AggregateRow = {
  kind: "rows" | "rollup" | "unknown" | "moments" | "bin" | "sketch" | "mismatched" | "category" | "other";
  hour: Date | string | null;
  mode: Mode | null;
  name: string | null;
  bucket: number | null;
  label: string | null;
  n: number;
  lo: number | null;
  hi: number | null;
  mean: number | null;
  m2: number | null;
};

/** One hour and mode of a run: its counts and the columns summarized in it. */
type HourSummary = {
  hour: Date;
  mode: Mode;
  rowCount: number;
  rollupCount: number;
  columns: Map<string, NumericalAccumulator | CategoricalAccumulator>;
};

/**
 * Reads a run's logs once and returns, per hour and mode, the row count, the rollup count and each
 * known column's summary, plus the names of columns with no type yet. Features named like a reserved
 * column are left out. The rollup count comes from the same statement, so it matches the logs read.
 */
async function aggregateRun(tx: Tx, run: Run, columns: Map<string, ColumnConfig>): Promise<{ hours: HourSummary[]; unknownColumns: string[] }> {
  const config = JSON.stringify([...columns.values()].map((column) => ({ name: column.name, numerical: column.type === "numerical", edges: column.edges })));
  const start = run.start.toISOString();
  const end = run.end.toISOString();

  const result = await tx.execute(sql`
    WITH cols AS (
      SELECT * FROM json_to_recordset(${config}::json) AS k(name text, numerical boolean, edges float8[])
    ),
    logs AS MATERIALIZED (
      SELECT date_trunc('hour', "timestamp", 'UTC') AS hour, mode, features, prediction, score
      FROM prediction_logs
      WHERE endpoint_id = ${run.endpointId} AND "timestamp" >= ${start} AND "timestamp" < ${end}
    ),
    cells AS MATERIALIZED (
      SELECT l.hour, l.mode, c.name, c.value
      FROM logs l
      CROSS JOIN LATERAL (
        SELECT f.key AS name, f.value FROM jsonb_each(l.features) f WHERE f.key NOT IN (${PREDICTION_COLUMN}::text, ${SCORE_COLUMN}::text)
        UNION ALL SELECT ${PREDICTION_COLUMN}::text, l.prediction
        UNION ALL SELECT ${SCORE_COLUMN}::text, to_jsonb(l.score) WHERE l.score IS NOT NULL
      ) c
      WHERE jsonb_typeof(c.value) <> 'null'
    ),
    numbers AS MATERIALIZED (
      SELECT c.hour, c.mode, c.name, (c.value)::float8 AS x, k.edges
      FROM cells c JOIN cols k ON k.name = c.name
      WHERE k.numerical AND jsonb_typeof(c.value) = 'number'
    ),
    ranked AS MATERIALIZED (
      SELECT hour, mode, name, label, n,
        row_number() OVER (PARTITION BY hour, mode, name ORDER BY n DESC, label COLLATE "C") AS rank
      FROM (
        SELECT c.hour, c.mode, c.name, c.value #>> '{}' AS label, count(*)::int AS n
        FROM cells c JOIN cols k ON k.name = c.name
        WHERE NOT k.numerical
        GROUP BY c.hour, c.mode, c.name, c.value #>> '{}'
      ) counted
    )
    SELECT 'rows' AS kind, hour, mode::text AS mode, NULL::text AS name, NULL::int AS bucket, NULL::text AS label,
      count(*)::int AS n, NULL::float8 AS lo, NULL::float8 AS hi, NULL::float8 AS mean, NULL::float8 AS m2
    FROM logs GROUP BY hour, mode
    UNION ALL
    SELECT 'rollup', hour, mode::text, NULL, NULL, NULL, sum(count)::int, NULL, NULL, NULL, NULL
    FROM prediction_hourly_rollups
    WHERE endpoint_id = ${run.endpointId} AND hour >= ${start} AND hour < ${end}
    GROUP BY hour, mode
    UNION ALL
    SELECT 'unknown', NULL, NULL, c.name, NULL, NULL, count(*)::int, NULL, NULL, NULL, NULL
    FROM cells c WHERE NOT EXISTS (SELECT 1 FROM cols k WHERE k.name = c.name)
    GROUP BY c.name
    UNION ALL
    SELECT 'moments', hour, mode::text, name, NULL, NULL, count(*)::int, min(x), max(x), avg(x), var_pop(x) * count(*)
    FROM numbers GROUP BY hour, mode, name
    UNION ALL
    SELECT 'bin', hour, mode::text, name, width_bucket(x, edges), NULL, count(*)::int, min(x), max(x), NULL, NULL
    FROM numbers GROUP BY hour, mode, name, width_bucket(x, edges)
    UNION ALL
    SELECT 'sketch', hour, mode::text, name, key, store, count(*)::int, NULL, NULL, NULL, NULL
    FROM (
      SELECT hour, mode, name,
        CASE WHEN x > ${SKETCH_MIN_MAGNITUDE}::float8 THEN 'positive' WHEN x < -${SKETCH_MIN_MAGNITUDE}::float8 THEN 'negative' ELSE 'zero' END AS store,
        CASE WHEN abs(x) > ${SKETCH_MIN_MAGNITUDE}::float8 THEN ceil(ln(abs(x)) / ${SKETCH_LOG_GAMMA}::float8)::int ELSE 0 END AS key
      FROM numbers
    ) keyed
    GROUP BY hour, mode, name, store, key
    UNION ALL
    SELECT 'mismatched', c.hour, c.mode::text, c.name, NULL, NULL, count(*)::int, NULL, NULL, NULL, NULL
    FROM cells c JOIN cols k ON k.name = c.name
    WHERE k.numerical AND jsonb_typeof(c.value) <> 'number'
    GROUP BY c.hour, c.mode, c.name
    UNION ALL
    SELECT 'category', hour, mode::text, name, NULL, label, n, NULL, NULL, NULL, NULL
    FROM ranked WHERE rank <= ${MAX_CATEGORIES}
    UNION ALL
    SELECT 'other', hour, mode::text, name, NULL, NULL, sum(n)::int, NULL, NULL, NULL, NULL
    FROM ranked WHERE rank > ${MAX_CATEGORIES}
    GROUP BY hour, mode, name`);

  return assemble((result as unknown as { rows: AggregateRow[] }).rows, columns);
}

function assemble(rows: AggregateRow[], columns: Map<string, ColumnConfig>): { hours: HourSummary[]; unknownColumns: string[] } {
  const hours = new Map<string, HourSummary>();
  const unknownColumns: string[] = [];

  const hourOf = (row: AggregateRow): HourSummary => {
    const hour = new Date(row.hour!);
    const key = `${hour.getTime()}|${row.mode}`;
    let summary = hours.get(key);
    if (!summary) {
      summary = { hour, mode: row.mode!, rowCount: 0, rollupCount: 0, columns: new Map() };
      for (const column of columns.values()) {
        summary.columns.set(column.name, column.type === "numerical" ? new NumericalAccumulator() : new CategoricalAccumulator());
      }
      hours.set(key, summary);
    }
    return summary;
  };
  const numerical = (row: AggregateRow) => hourOf(row).columns.get(row.name!) as NumericalAccumulator;
  const categorical = (row: AggregateRow) => hourOf(row).columns.get(row.name!) as CategoricalAccumulator;

  for (const row of rows) {
    switch (row.kind) {
      case "rows":
        hourOf(row).rowCount = row.n;
        break;
      case "rollup":
        hourOf(row).rollupCount = row.n;
        break;
      case "unknown":
        unknownColumns.push(row.name!);
        break;
      case "moments":
        numerical(row).addMoments(row.n, Number(row.mean), Number(row.m2));
        break;
      case "bin":
        numerical(row).addBin(row.bucket!, { count: row.n, min: Number(row.lo), max: Number(row.hi) });
        break;
      case "sketch": {
        const sketch = numerical(row).sketch;
        if (row.label === "zero") sketch.zero += row.n;
        else (row.label === "positive" ? sketch.positive : sketch.negative).set(row.bucket!, row.n);
        break;
      }
      case "mismatched":
        numerical(row).mismatchedCount += row.n;
        break;
      case "category":
        categorical(row).add(row.label!, row.n);
        break;
      case "other":
        categorical(row).otherCount += row.n;
        categorical(row).count += row.n;
        break;
    }
  }

  for (const summary of hours.values()) {
    for (const column of summary.columns.values()) {
      const mismatched = column instanceof NumericalAccumulator ? column.mismatchedCount : 0;
      column.nullCount = summary.rowCount - column.count - mismatched;
    }
  }
  return { hours: [...hours.values()], unknownColumns: unknownColumns.sort() };
}

/** Replaces the run's stored hours and summaries with the new ones; columns without any value in an hour are not stored. */
async function writeRun(tx: Tx, run: Run, hours: HourSummary[]): Promise<void> {
  const start = run.start.toISOString();
  const end = run.end.toISOString();
  await tx.execute(sql`DELETE FROM drift_summaries WHERE endpoint_id = ${run.endpointId} AND hour >= ${start} AND hour < ${end}`);
  await tx.execute(sql`DELETE FROM drift_summary_hours WHERE endpoint_id = ${run.endpointId} AND hour >= ${start} AND hour < ${end}`);

  const hourRows = hours.map((summary) => ({
    mode: summary.mode,
    hour: summary.hour.toISOString(),
    row_count: summary.rowCount,
    rollup_count: summary.rollupCount,
  }));
  await tx.execute(sql`
    INSERT INTO drift_summary_hours (endpoint_id, mode, hour, row_count, rollup_count)
    SELECT ${run.endpointId}, mode, hour, row_count, rollup_count
    FROM json_to_recordset(${JSON.stringify(hourRows)}::json)
      AS r(mode prediction_mode, hour timestamptz, row_count int, rollup_count int)`);

  const summaryRows = hours.flatMap((summary) =>
    [...summary.columns.entries()]
      .filter(([, column]) => hasValues(column))
      .map(([name, column]) => ({
        mode: summary.mode,
        time: summary.hour.toISOString(),
        column: name,
        count: column.count,
        null_count: column.nullCount,
        ...column.toStored(),
      })),
  );
  await insertSummaries(tx, "hourly", run.endpointId, summaryRows);
}

/** Replaces the daily summaries of one UTC day with the merge of its hourly summaries. */
async function rebuildDay(tx: Tx, endpointId: number, day: Date, columns: Map<string, ColumnConfig>): Promise<void> {
  const from = day.toISOString();
  const to = new Date(day.getTime() + DAY_MS).toISOString();
  await tx.execute(sql`DELETE FROM drift_daily_summaries WHERE endpoint_id = ${endpointId} AND day = ${from}`);

  const result = await tx.execute(sql`
    SELECT mode, sum(row_count)::int AS rows FROM drift_summary_hours
    WHERE endpoint_id = ${endpointId} AND hour >= ${from} AND hour < ${to}
    GROUP BY mode`);
  const types = new Map([...columns.values()].map((column) => [column.name, column.type]));
  for (const { mode, rows } of (result as unknown as { rows: { mode: Mode; rows: number }[] }).rows) {
    const range = { endpointId, mode, from: day, to: new Date(day.getTime() + DAY_MS), useDays: false };
    const merged = await mergeStoredSummaries(tx, range, types);
    const summaryRows = [...merged.entries()].filter(([, column]) => hasValues(column)).map(([name, column]) => {
      const mismatched = column instanceof NumericalAccumulator ? column.mismatchedCount : 0;
      return { mode, time: from, column: name, count: column.count, null_count: rows - column.count - mismatched, ...column.toStored() };
    });
    await insertSummaries(tx, "daily", endpointId, summaryRows);
  }
}

/** Returns whether a summary counted any non-null value; summaries of columns absent from all rows are not stored. */
function hasValues(column: NumericalAccumulator | CategoricalAccumulator): boolean {
  return column.count > 0 || (column instanceof NumericalAccumulator && column.mismatchedCount > 0);
}
