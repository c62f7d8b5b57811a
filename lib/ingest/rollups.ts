import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT, latencyBucketIndex, scoreBucketIndex } from "./latency-buckets";
import { scoreAgainstLabel, type ScoredPrediction } from "./quality";

type Mode = "production" | "shadow";

/** The sums one batch adds to one rollup row. */
type RollupDelta = {
  endpoint_id: number;
  version_id: number;
  mode: Mode;
  bucket: string;
  count: number;
  latency_count: number;
  latency_sum: number;
  latency_buckets: number[];
  numeric_count: number;
  numeric_sum: number;
  numeric_sum_squares: number;
  score_buckets: number[];
  labeled_count: number;
  correct_count: number;
  abs_error_sum: number;
  squared_error_sum: number;
  log_loss_count: number;
  log_loss_sum: number;
};

type ClassDelta = { endpoint_id: number; version_id: number; mode: Mode; minute: string; predicted_class: string; count: number };

export type RollupSource = ScoredPrediction & {
  endpointId: number;
  versionId: number;
  mode: Mode;
  timestamp: Date;
  latencyMs: number | null;
};

/** A rollup table and its time column, with the length of its buckets. */
type Resolution = { table: string; timeColumn: string; bucketMs: number };

const RESOLUTIONS: Resolution[] = [
  { table: "prediction_rollups", timeColumn: "minute", bucketMs: 60_000 },
  { table: "prediction_hourly_rollups", timeColumn: "hour", bucketMs: 3_600_000 },
];

/** Accumulates rollup deltas for a batch, then writes them with one statement per table. */
export class RollupBatch {
  private readonly rows = RESOLUTIONS.map(() => new Map<string, RollupDelta>());
  private readonly classes = new Map<string, ClassDelta>();
  /** The row that `rowFor` returned last, per resolution, kept because records of a batch mostly arrive in time order. */
  private readonly lastRows: (RollupDelta | null)[] = RESOLUTIONS.map(() => null);
  private readonly lastStarts: number[] = RESOLUTIONS.map(() => Number.NaN);

  /** Adds a newly stored prediction, with its label when the label arrived first. */
  addPrediction(source: RollupSource, label: number | string | boolean | null): void {
    for (let index = 0; index < RESOLUTIONS.length; index += 1) {
      const row = this.rowFor(source, index);
      row.count += 1;
      if (source.latencyMs !== null) {
        row.latency_count += 1;
        row.latency_sum += source.latencyMs;
        row.latency_buckets[latencyBucketIndex(source.latencyMs)] += 1;
      }
      if (typeof source.prediction === "number") {
        row.numeric_count += 1;
        row.numeric_sum += source.prediction;
        row.numeric_sum_squares += source.prediction * source.prediction;
      }
      if (source.score !== null) row.score_buckets[scoreBucketIndex(source.score)] += 1;
    }

    if (typeof source.prediction !== "number") this.addClass(source);
    if (label !== null) this.addLabel(source, label);
  }

  /** Adds the quality of one prediction whose label has just been stored. */
  addLabel(source: RollupSource, label: number | string | boolean): void {
    const quality = scoreAgainstLabel(source, label);

    for (let index = 0; index < RESOLUTIONS.length; index += 1) {
      const row = this.rowFor(source, index);
      row.labeled_count += 1;
      if (quality.correct) row.correct_count += 1;
      if (quality.absError !== null) {
        row.abs_error_sum += quality.absError;
        row.squared_error_sum += quality.squaredError!;
      }
      if (quality.logLoss !== null) {
        row.log_loss_count += 1;
        row.log_loss_sum += quality.logLoss;
      }
    }
  }

  async write(tx: Tx): Promise<void> {
    for (const [index, resolution] of RESOLUTIONS.entries()) {
      // Rows are written in key order so concurrent batches lock shared rows in the same order.
      const rows = [...this.rows[index].entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
      const withPredictions = rows.filter((row) => row.count > 0);
      if (withPredictions.length > 0) await upsertRollups(tx, resolution, withPredictions);

      // Rows that only gain labels belong to predictions stored earlier, whose rollup rows exist, so an
      // update of the quality columns suffices and the histogram arrays are left alone.
      const labelsOnly = rows.filter((row) => row.count === 0);
      if (labelsOnly.length > 0) await addLabelQuality(tx, resolution, labelsOnly);
    }

    const classes = [...this.classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    if (classes.length > 0) await upsertClassRollups(tx, classes);
  }

  /** Returns the delta row of the bucket that `source` falls in at resolution `index`, creating it if new. */
  private rowFor(source: RollupSource, index: number): RollupDelta {
    const { bucketMs } = RESOLUTIONS[index];
    const start = Math.floor(source.timestamp.getTime() / bucketMs) * bucketMs;
    const last = this.lastRows[index];
    if (
      last !== null &&
      this.lastStarts[index] === start &&
      last.endpoint_id === source.endpointId &&
      last.version_id === source.versionId &&
      last.mode === source.mode
    ) {
      return last;
    }

    // Keyed by the bucket's start in milliseconds; the ISO text is built once per new row.
    const key = `${source.endpointId}|${source.versionId}|${source.mode}|${start}`;
    let row = this.rows[index].get(key);
    if (!row) {
      row = emptyDelta(source, new Date(start).toISOString());
      this.rows[index].set(key, row);
    }
    this.lastRows[index] = row;
    this.lastStarts[index] = start;
    return row;
  }

  private addClass(source: RollupSource): void {
    const minute = new Date(Math.floor(source.timestamp.getTime() / 60_000) * 60_000).toISOString();
    const predictedClass = String(source.prediction);
    const key = `${source.endpointId}|${source.versionId}|${source.mode}|${minute}|${predictedClass}`;
    const existing = this.classes.get(key);
    if (existing) {
      existing.count += 1;
      return;
    }
    this.classes.set(key, {
      endpoint_id: source.endpointId,
      version_id: source.versionId,
      mode: source.mode,
      minute,
      predicted_class: predictedClass,
      count: 1,
    });
  }
}

function emptyDelta(source: RollupSource, bucket: string): RollupDelta {
  return {
    endpoint_id: source.endpointId,
    version_id: source.versionId,
    mode: source.mode,
    bucket,
    count: 0,
    latency_count: 0,
    latency_sum: 0,
    latency_buckets: new Array(LATENCY_BUCKET_COUNT).fill(0),
    numeric_count: 0,
    numeric_sum: 0,
    numeric_sum_squares: 0,
    score_buckets: new Array(SCORE_BUCKET_COUNT).fill(0),
    labeled_count: 0,
    correct_count: 0,
    abs_error_sum: 0,
    squared_error_sum: 0,
    log_loss_count: 0,
    log_loss_sum: 0,
  };
}

const SUMMED_COLUMNS = [
  "count",
  "latency_count",
  "latency_sum",
  "numeric_count",
  "numeric_sum",
  "numeric_sum_squares",
  "labeled_count",
  "correct_count",
  "abs_error_sum",
  "squared_error_sum",
  "log_loss_count",
  "log_loss_sum",
];

const QUALITY_COLUMNS = ["labeled_count", "correct_count", "abs_error_sum", "squared_error_sum", "log_loss_count", "log_loss_sum"] as const;

// Element-wise sum of two equal-length integer arrays, in SQL.
const addArrays = (table: string, column: string) =>
  `ARRAY(SELECT a + b FROM unnest(${table}.${column}, excluded.${column}) WITH ORDINALITY AS u(a, b, i) ORDER BY i)`;

// The arrays travel as PostgreSQL array literals inside the JSON: PostgreSQL parses `{1,2}` text several
// times faster than it converts a JSON array to int[] (about 5 times on PGlite for 2,000 rows).
function toArrayLiteral(values: number[]): string {
  return `{${values.join(",")}}`;
}

async function upsertRollups(tx: Tx, resolution: Resolution, rows: RollupDelta[]): Promise<void> {
  const { table, timeColumn } = resolution;
  const payload = rows.map((row) => ({
    ...row,
    latency_buckets: toArrayLiteral(row.latency_buckets),
    score_buckets: toArrayLiteral(row.score_buckets),
  }));
  const updates = [
    ...SUMMED_COLUMNS.map((column) => `${column} = ${table}.${column} + excluded.${column}`),
    `latency_buckets = ${addArrays(table, "latency_buckets")}`,
    `score_buckets = ${addArrays(table, "score_buckets")}`,
  ].join(", ");

  await tx.execute(sql`
    INSERT INTO ${sql.raw(table)} (endpoint_id, version_id, mode, ${sql.raw(timeColumn)}, latency_buckets, score_buckets,
      ${sql.raw(SUMMED_COLUMNS.join(", "))})
    SELECT endpoint_id, version_id, mode, bucket, latency_buckets::int[], score_buckets::int[],
      ${sql.raw(SUMMED_COLUMNS.join(", "))}
    FROM json_to_recordset(${JSON.stringify(payload)}::json) AS r(endpoint_id int, version_id int,
      mode prediction_mode, bucket timestamptz, latency_buckets text, score_buckets text, count int,
      latency_count int, latency_sum float8, numeric_count int, numeric_sum float8, numeric_sum_squares float8,
      labeled_count int, correct_count int, abs_error_sum float8, squared_error_sum float8, log_loss_count int,
      log_loss_sum float8)
    ON CONFLICT (endpoint_id, version_id, mode, ${sql.raw(timeColumn)}) DO UPDATE SET ${sql.raw(updates)}`);
}

async function addLabelQuality(tx: Tx, resolution: Resolution, rows: RollupDelta[]): Promise<void> {
  const { table, timeColumn } = resolution;
  const deltas = rows.map((row) => ({
    endpoint_id: row.endpoint_id,
    version_id: row.version_id,
    mode: row.mode,
    bucket: row.bucket,
    ...Object.fromEntries(QUALITY_COLUMNS.map((column) => [column, row[column]])),
  }));
  await tx.execute(sql`
    UPDATE ${sql.raw(table)} AS t SET
      ${sql.raw(QUALITY_COLUMNS.map((column) => `${column} = t.${column} + d.${column}`).join(", "))}
    FROM json_to_recordset(${JSON.stringify(deltas)}::json) AS d(endpoint_id int, version_id int,
      mode prediction_mode, bucket timestamptz, labeled_count int, correct_count int, abs_error_sum float8,
      squared_error_sum float8, log_loss_count int, log_loss_sum float8)
    WHERE t.endpoint_id = d.endpoint_id AND t.version_id = d.version_id AND t.mode = d.mode
      AND t.${sql.raw(timeColumn)} = d.bucket`);
}

async function upsertClassRollups(tx: Tx, rows: ClassDelta[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO prediction_class_rollups (endpoint_id, version_id, mode, minute, predicted_class, count)
    SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(endpoint_id int, version_id int,
      mode prediction_mode, minute timestamptz, predicted_class text, count int)
    ON CONFLICT (endpoint_id, version_id, mode, minute, predicted_class)
    DO UPDATE SET count = prediction_class_rollups.count + excluded.count`);
}
