import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT, latencyBucketIndex, scoreBucketIndex } from "./latency-buckets";
import { scoreAgainstLabel, type ScoredPrediction } from "./quality";

type Mode = "production" | "shadow";

/** The sums one batch adds to one per-minute rollup row. */
type RollupDelta = {
  endpoint_id: number;
  version_id: number;
  mode: Mode;
  minute: string;
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

/** Accumulates rollup deltas for a batch, then writes them with one upsert per table. */
export class RollupBatch {
  private readonly rows = new Map<string, RollupDelta>();
  private readonly classes = new Map<string, ClassDelta>();

  /** Adds a newly stored prediction, with its label when the label arrived first. */
  addPrediction(source: RollupSource, label: number | string | boolean | null): void {
    const row = this.row(source);
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
    } else {
      this.addClass(source, row.minute);
    }
    if (source.score !== null) row.score_buckets[scoreBucketIndex(source.score)] += 1;

    if (label !== null) this.addLabel(source, label);
  }

  /** Adds the quality of one prediction whose label has just been stored. */
  addLabel(source: RollupSource, label: number | string | boolean): void {
    const row = this.row(source);
    const quality = scoreAgainstLabel(source, label);

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

  async write(tx: Tx): Promise<void> {
    // Rows are written in key order so concurrent batches lock shared rows in the same order.
    const rows = [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    const withPredictions = rows.filter((row) => row.count > 0);
    if (withPredictions.length > 0) await upsertRollups(tx, withPredictions);

    // Rows that only gain labels belong to predictions stored earlier, whose rollup rows exist, so an
    // update of the quality columns suffices and the histogram arrays are left alone.
    const labelsOnly = rows.filter((row) => row.count === 0);
    if (labelsOnly.length > 0) await addLabelQuality(tx, labelsOnly);

    const classes = [...this.classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    if (classes.length > 0) await upsertClassRollups(tx, classes);
  }

  private row(source: RollupSource): RollupDelta {
    const minute = new Date(Math.floor(source.timestamp.getTime() / 60_000) * 60_000).toISOString();
    const key = `${source.endpointId}|${source.versionId}|${source.mode}|${minute}`;
    let row = this.rows.get(key);
    if (!row) {
      row = emptyDelta(source, minute);
      this.rows.set(key, row);
    }
    return row;
  }

  private addClass(source: RollupSource, minute: string): void {
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

function emptyDelta(source: RollupSource, minute: string): RollupDelta {
  return {
    endpoint_id: source.endpointId,
    version_id: source.versionId,
    mode: source.mode,
    minute,
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

// Element-wise sum of two equal-length integer arrays, in SQL.
const addArrays = (column: string) =>
  `ARRAY(SELECT a + b FROM unnest(prediction_rollups.${column}, excluded.${column}) WITH ORDINALITY AS u(a, b, i) ORDER BY i)`;

const summed = ["count", "latency_count", "latency_sum", "numeric_count", "numeric_sum", "numeric_sum_squares"]
  .concat(["labeled_count", "correct_count", "abs_error_sum", "squared_error_sum", "log_loss_count", "log_loss_sum"])
  .map((column) => `${column} = prediction_rollups.${column} + excluded.${column}`);

const ROLLUP_COLUMNS = `endpoint_id, version_id, mode, minute, count, latency_count, latency_sum, latency_buckets,
  numeric_count, numeric_sum, numeric_sum_squares, score_buckets, labeled_count, correct_count, abs_error_sum,
  squared_error_sum, log_loss_count, log_loss_sum`;

const ROLLUP_RECORD_TYPES = `endpoint_id int, version_id int, mode prediction_mode, minute timestamptz, count int,
  latency_count int, latency_sum float8, latency_buckets int[], numeric_count int, numeric_sum float8,
  numeric_sum_squares float8, score_buckets int[], labeled_count int, correct_count int, abs_error_sum float8,
  squared_error_sum float8, log_loss_count int, log_loss_sum float8`;

const ROLLUP_UPDATES = [
  ...summed,
  `latency_buckets = ${addArrays("latency_buckets")}`,
  `score_buckets = ${addArrays("score_buckets")}`,
].join(",\n  ");

async function upsertRollups(tx: Tx, rows: RollupDelta[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO prediction_rollups (${sql.raw(ROLLUP_COLUMNS)})
    SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${sql.raw(ROLLUP_RECORD_TYPES)})
    ON CONFLICT (endpoint_id, version_id, mode, minute) DO UPDATE SET ${sql.raw(ROLLUP_UPDATES)}`);
}

const QUALITY_COLUMNS = ["labeled_count", "correct_count", "abs_error_sum", "squared_error_sum", "log_loss_count", "log_loss_sum"] as const;

async function addLabelQuality(tx: Tx, rows: RollupDelta[]): Promise<void> {
  const deltas = rows.map((row) => ({
    endpoint_id: row.endpoint_id,
    version_id: row.version_id,
    mode: row.mode,
    minute: row.minute,
    ...Object.fromEntries(QUALITY_COLUMNS.map((column) => [column, row[column]])),
  }));
  await tx.execute(sql`
    UPDATE prediction_rollups AS t SET
      ${sql.raw(QUALITY_COLUMNS.map((column) => `${column} = t.${column} + d.${column}`).join(", "))}
    FROM jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) AS d(endpoint_id int, version_id int,
      mode prediction_mode, minute timestamptz, labeled_count int, correct_count int, abs_error_sum float8,
      squared_error_sum float8, log_loss_count int, log_loss_sum float8)
    WHERE t.endpoint_id = d.endpoint_id AND t.version_id = d.version_id AND t.mode = d.mode
      AND t.minute = d.minute`);
}

async function upsertClassRollups(tx: Tx, rows: ClassDelta[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO prediction_class_rollups (endpoint_id, version_id, mode, minute, predicted_class, count)
    SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(endpoint_id int, version_id int,
      mode prediction_mode, minute timestamptz, predicted_class text, count int)
    ON CONFLICT (endpoint_id, version_id, mode, minute, predicted_class)
    DO UPDATE SET count = prediction_class_rollups.count + excluded.count`);
}
