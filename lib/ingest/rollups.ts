import type { Tx } from "../db/client";
import { compareText } from "./compare";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT, latencyBucketIndex, scoreBucketIndex } from "./latency-buckets";
import { scoreAgainstLabel, type ScoredPrediction } from "./quality";
import {
  addLabelQuality,
  BucketCounts,
  upsertClassRollups,
  upsertRollups,
  type ClassDelta,
  type Mode,
  type Resolution,
  type RollupDelta,
} from "./rollup-statements";

export type RollupSource = ScoredPrediction & {
  endpointId: number;
  versionId: number;
  mode: Mode;
  timestamp: Date;
  latencyMs: number | null;
};

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
    const latencyBucket = source.latencyMs === null ? -1 : latencyBucketIndex(source.latencyMs);
    const scoreBucket = source.score === null ? -1 : scoreBucketIndex(source.score);
    for (let index = 0; index < RESOLUTIONS.length; index += 1) {
      const row = this.rowFor(source, index);
      row.count += 1;
      if (source.latencyMs !== null) {
        row.latency_count += 1;
        row.latency_sum += source.latencyMs;
        row.latency_buckets.add(latencyBucket);
      }
      if (typeof source.prediction === "number") {
        row.numeric_count += 1;
        row.numeric_sum += source.prediction;
        row.numeric_sum_squares += source.prediction * source.prediction;
      }
      if (scoreBucket !== -1) row.score_buckets.add(scoreBucket);
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
      const rows = [...this.rows[index].values()].sort(compareDeltas);
      const withPredictions = rows.filter((row) => row.count > 0);
      if (withPredictions.length > 0) await upsertRollups(tx, resolution, withPredictions);

      // Rows that only gain labels belong to predictions stored earlier, whose rollup rows exist, so an
      // update of the quality columns suffices and the histogram arrays are left alone.
      const labelsOnly = rows.filter((row) => row.count === 0);
      if (labelsOnly.length > 0) await addLabelQuality(tx, resolution, labelsOnly);
    }

    const classes = [...this.classes.entries()].sort(([a], [b]) => compareText(a, b)).map(([, row]) => row);
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

    const key = `${source.endpointId}|${source.versionId}|${source.mode}|${start}`;
    let row = this.rows[index].get(key);
    if (!row) {
      row = emptyDelta(source, start);
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

/** Orders delta rows as the rollup tables' primary key does: endpoint, bucket, version, mode. */
function compareDeltas(a: RollupDelta, b: RollupDelta): number {
  return a.endpoint_id - b.endpoint_id || a.bucket_ms - b.bucket_ms || a.version_id - b.version_id || compareText(a.mode, b.mode);
}

function emptyDelta(source: RollupSource, bucketMs: number): RollupDelta {
  return {
    endpoint_id: source.endpointId,
    version_id: source.versionId,
    mode: source.mode,
    bucket_ms: bucketMs,
    count: 0,
    latency_count: 0,
    latency_sum: 0,
    latency_buckets: new BucketCounts(LATENCY_BUCKET_COUNT),
    numeric_count: 0,
    numeric_sum: 0,
    numeric_sum_squares: 0,
    score_buckets: new BucketCounts(SCORE_BUCKET_COUNT),
    labeled_count: 0,
    correct_count: 0,
    abs_error_sum: 0,
    squared_error_sum: 0,
    log_loss_count: 0,
    log_loss_sum: 0,
  };
}
