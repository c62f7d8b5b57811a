import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT } from "../ingest/latency-buckets";
import type { ClassBucketRow, PredictionMode, RollupBucketRow } from "./types";

// These queries read only the per-minute rollup tables, never prediction_logs, so their cost grows with
// the length of the range and not with the number of stored predictions. Minute rows are summed into
// chart buckets in SQL, so at most one row per bucket, version and mode reaches the application.

export type RollupQuery = {
  endpointIds: number[];
  /** Epoch milliseconds; `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
  bucketMs: number;
  mode?: PredictionMode;
  versionId?: number;
};

const EPOCH_ORIGIN = sql.raw(`TIMESTAMPTZ '1970-01-01 00:00:00+00'`);

function bucketExpression(bucketMs: number): SQL {
  return sql`date_bin(make_interval(secs => ${bucketMs / 1000}), r.minute, ${EPOCH_ORIGIN})`;
}

// PostgreSQL has no element-wise sum of arrays, so each element is summed by index. That reads every row
// once, and took about a tenth of the time of unnest() followed by a second grouping on PGlite (30 days
// of minute rows, one run on a shared 2-CPU machine).
function elementSums(column: string, length: number): SQL {
  const sums = Array.from({ length }, (_, i) => `coalesce(sum(r.${column}[${i + 1}]), 0)`);
  return sql.raw(`ARRAY[${sums.join(", ")}]::float8[]`);
}

function filters(query: RollupQuery): SQL {
  const parts = [
    sql`r.endpoint_id IN (${sql.join(query.endpointIds.map((id) => sql`${id}`), sql`, `)})`,
    sql`r.minute >= ${new Date(query.from).toISOString()}::timestamptz`,
    sql`r.minute < ${new Date(query.to).toISOString()}::timestamptz`,
  ];
  if (query.mode) parts.push(sql`r.mode = ${query.mode}`);
  if (query.versionId !== undefined) parts.push(sql`r.version_id = ${query.versionId}`);
  return sql.join(parts, sql` AND `);
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const HOUR_MS = 3_600_000;

const ROLLUP_SOURCE_COLUMNS = `endpoint_id, version_id, mode, count, latency_buckets, numeric_count, numeric_sum,
  numeric_sum_squares, score_buckets, labeled_count, correct_count, abs_error_sum, squared_error_sum,
  log_loss_count, log_loss_sum`;

/**
 * Selects the rollup rows covering a query as one relation with the time column `minute`. For buckets of
 * whole hours, full hours come from the hourly table and only the partial hours at either end from the
 * minute table, which reads about 60 times fewer rows on long ranges.
 */
function rollupSource(query: RollupQuery): SQL {
  if (query.bucketMs % HOUR_MS !== 0) return sql`prediction_rollups`;

  const firstHour = Math.ceil(query.from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.max(firstHour, Math.floor(query.to / HOUR_MS) * HOUR_MS);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Each end gets its own bounded branch: one OR over both ends made PostgreSQL misestimate the minute
  // rows and scan the index over the whole range.
  return sql`(
    SELECT ${sql.raw(ROLLUP_SOURCE_COLUMNS)}, minute FROM prediction_rollups
    WHERE minute >= ${iso(query.from)}::timestamptz AND minute < ${iso(Math.min(firstHour, query.to))}::timestamptz
    UNION ALL
    SELECT ${sql.raw(ROLLUP_SOURCE_COLUMNS)}, minute FROM prediction_rollups
    WHERE minute >= ${iso(Math.max(lastHour, query.from))}::timestamptz AND minute < ${iso(query.to)}::timestamptz
    UNION ALL
    SELECT ${sql.raw(ROLLUP_SOURCE_COLUMNS)}, hour AS minute FROM prediction_hourly_rollups
    WHERE hour >= ${iso(firstHour)}::timestamptz AND hour < ${iso(lastHour)}::timestamptz
  )`;
}

/**
 * Sums rollups per endpoint, chart bucket, version and mode, with latency and score histograms.
 * NOTE: about 75 sums are computed per rollup row read. Buckets of an hour or more read the hourly table.
 * So 30 days of one endpoint are about 720 rows per version, while shorter buckets read minute rows.
 */
export async function queryRollupBuckets(db: Db, query: RollupQuery): Promise<RollupBucketRow[]> {
  if (query.endpointIds.length === 0) return [];

  const result = await db.execute(sql`
    SELECT a.endpoint_id AS "endpointId", a.version_id AS "versionId", v.version, a.mode,
      (extract(epoch FROM a.bucket) * 1000)::float8 AS bucket,
      a.count, a.latency_buckets AS "latencyBuckets",
      a.numeric_count AS "numericCount", a.numeric_sum AS "numericSum", a.numeric_sum_squares AS "numericSumSquares",
      a.score_buckets AS "scoreBuckets", a.labeled_count AS "labeledCount", a.correct_count AS "correctCount",
      a.abs_error_sum AS "absErrorSum", a.squared_error_sum AS "squaredErrorSum",
      a.log_loss_count AS "logLossCount", a.log_loss_sum AS "logLossSum"
    FROM (
      SELECT r.endpoint_id, r.version_id, r.mode, ${bucketExpression(query.bucketMs)} AS bucket,
        sum(r.count)::float8 AS count,
        ${elementSums("latency_buckets", LATENCY_BUCKET_COUNT)} AS latency_buckets,
        sum(r.numeric_count)::float8 AS numeric_count,
        sum(r.numeric_sum)::float8 AS numeric_sum,
        sum(r.numeric_sum_squares)::float8 AS numeric_sum_squares,
        ${elementSums("score_buckets", SCORE_BUCKET_COUNT)} AS score_buckets,
        sum(r.labeled_count)::float8 AS labeled_count,
        sum(r.correct_count)::float8 AS correct_count,
        sum(r.abs_error_sum)::float8 AS abs_error_sum,
        sum(r.squared_error_sum)::float8 AS squared_error_sum,
        sum(r.log_loss_count)::float8 AS log_loss_count,
        sum(r.log_loss_sum)::float8 AS log_loss_sum
      FROM ${rollupSource(query)} r
      WHERE ${filters(query)}
      GROUP BY r.endpoint_id, r.version_id, r.mode, bucket
    ) a
    JOIN model_versions v ON v.id = a.version_id
    ORDER BY a.endpoint_id, a.bucket, v.version, a.mode`);
  return rowsOf<RollupBucketRow>(result);
}

/**
 * Sums string-prediction counts per chart bucket, version, mode and class for one endpoint. Only the
 * `topClasses` most frequent classes of the range keep their name. The rest are summed under a null
 * class, so classifiers with many classes still return a bounded number of rows.
 */
export async function queryClassBuckets(
  db: Db,
  query: RollupQuery & { topClasses: number },
): Promise<ClassBucketRow[]> {
  if (query.endpointIds.length === 0) return [];

  const result = await db.execute(sql`
    WITH top AS (
      SELECT r.predicted_class FROM prediction_class_rollups r WHERE ${filters(query)}
      GROUP BY r.predicted_class ORDER BY sum(r.count) DESC, r.predicted_class LIMIT ${query.topClasses}
    )
    SELECT a.version_id AS "versionId", v.version, a.mode, (extract(epoch FROM a.bucket) * 1000)::float8 AS bucket,
      a.predicted_class AS "predictedClass", a.count
    FROM (
      SELECT r.version_id, r.mode, ${bucketExpression(query.bucketMs)} AS bucket,
        CASE WHEN r.predicted_class IN (SELECT predicted_class FROM top) THEN r.predicted_class END AS predicted_class,
        sum(r.count)::float8 AS count
      FROM prediction_class_rollups r
      WHERE ${filters(query)}
      GROUP BY r.version_id, r.mode, bucket, 4
    ) a
    JOIN model_versions v ON v.id = a.version_id
    ORDER BY a.bucket, v.version, a.mode`);
  return rowsOf<ClassBucketRow>(result);
}

/** Returns the most frequent predicted class per endpoint in production traffic, with its share of string predictions. */
export async function queryTopClasses(
  db: Db,
  query: Omit<RollupQuery, "bucketMs">,
): Promise<{ endpointId: number; predictedClass: string; share: number }[]> {
  if (query.endpointIds.length === 0) return [];

  const result = await db.execute(sql`
    SELECT DISTINCT ON (endpoint_id) endpoint_id AS "endpointId", predicted_class AS "predictedClass", count / total AS share
    FROM (
      SELECT r.endpoint_id, r.predicted_class, sum(r.count)::float8 AS count,
        sum(sum(r.count)) OVER (PARTITION BY r.endpoint_id)::float8 AS total
      FROM prediction_class_rollups r
      WHERE ${filters({ ...query, bucketMs: 60_000, mode: "production" })}
      GROUP BY r.endpoint_id, r.predicted_class
    ) s
    ORDER BY endpoint_id, count DESC, predicted_class`);
  return rowsOf(result);
}

/** Returns whether the endpoint has logged any prediction, at any time. */
export async function hasAnyRollup(db: Db, endpointId: number): Promise<boolean> {
  const result = await db.execute(sql`SELECT 1 FROM prediction_rollups WHERE endpoint_id = ${endpointId} LIMIT 1`);
  return rowsOf(result).length > 0;
}
