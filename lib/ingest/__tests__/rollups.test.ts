import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { ingestLabels } from "../labels";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT, latencyBucketIndex, scoreBucketIndex } from "../latency-buckets";
import { ingestPredictions } from "../predictions";
import { scoreAgainstLabel } from "../quality";
import { labelBatchSchema, predictionBatchSchema, type PredictionRecordInput } from "../schemas";

// Checks every column of every rollup row against sums computed here, record by record, after batches that
// create rows, add to existing rows and add labels before and after their predictions.

const testDb = useTestDb();
const ENDPOINT = "rollup-prod";
const SECOND_ENDPOINT = "rollup-canary";
const START_MS = Date.parse("2026-01-05T09:57:00Z");

type Sums = {
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

function emptySums(): Sums {
  return {
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

/**
 * Builds record `index`. The first 100 share 8 minutes that cross an hour, and the rest have a minute each.
 * They come from two endpoints, two versions and both modes. Some lack a latency or a score, and two have
 * latencies in the first and the last latency bucket.
 */
function record(index: number): PredictionRecordInput {
  const numeric = index % 5 !== 0;
  const offsetMs = index < 100 ? (index * 37_000) % 480_000 : 600_000 + (index - 100) * 60_000;
  let latencyMs = index % 6 === 0 ? undefined : 0.1 + index * 1.7;
  if (index === 137) latencyMs = 0.1;
  if (index === 139) latencyMs = 70_000;
  return {
    endpoint: endpointOf(index),
    modelVersion: 1 + (index % 2),
    mode: index % 7 === 0 ? "shadow" : "production",
    requestId: `r-${index}`,
    timestamp: new Date(START_MS + offsetMs).toISOString(),
    features: { x: index },
    prediction: numeric ? (index % 3) * 0.5 : `class-${index % 3}`,
    score: index % 4 === 0 ? undefined : (index % 10) / 10 + 0.05,
    latencyMs,
  };
}

const endpointOf = (index: number) => (index % 11 === 0 ? SECOND_ENDPOINT : ENDPOINT);

const labelOf = (index: number) => (index % 3 === 0 ? 1 : 0);

/** Computes the expected rollup rows of `records`, keyed by endpoint, version, mode and bucket start in ms. */
function expectedRows(records: PredictionRecordInput[], labeled: Set<string>, bucketMs: number): Map<string, Sums> {
  const rows = new Map<string, Sums>();
  for (const [index, input] of records.entries()) {
    const start = Math.floor(Date.parse(input.timestamp) / bucketMs) * bucketMs;
    const key = `${input.endpoint}|${input.modelVersion}|${input.mode}|${start}`;
    const sums = rows.get(key) ?? emptySums();
    rows.set(key, sums);

    sums.count += 1;
    if (input.latencyMs !== undefined) {
      sums.latency_count += 1;
      sums.latency_sum += input.latencyMs;
      sums.latency_buckets[latencyBucketIndex(input.latencyMs)] += 1;
    }
    if (typeof input.prediction === "number") {
      sums.numeric_count += 1;
      sums.numeric_sum += input.prediction;
      sums.numeric_sum_squares += input.prediction ** 2;
    }
    if (input.score !== undefined) sums.score_buckets[scoreBucketIndex(input.score)] += 1;

    if (!labeled.has(input.requestId)) continue;
    const quality = scoreAgainstLabel({ prediction: input.prediction, score: input.score ?? null, probabilities: null }, labelOf(index));
    sums.labeled_count += 1;
    if (quality.correct) sums.correct_count += 1;
    if (quality.absError !== null) {
      sums.abs_error_sum += quality.absError;
      sums.squared_error_sum += quality.squaredError!;
    }
    if (quality.logLoss !== null) {
      sums.log_loss_count += 1;
      sums.log_loss_sum += quality.logLoss;
    }
  }
  return rows;
}

async function storedRows(table: string, timeColumn: string): Promise<Map<string, Sums>> {
  const result = await testDb.db.execute(
    sql.raw(`SELECT e.name AS endpoint, v.version AS version, r.mode, (extract(epoch FROM r.${timeColumn}) * 1000)::int8 AS start_ms, r.*
      FROM ${table} r JOIN model_versions v ON v.id = r.version_id JOIN endpoints e ON e.id = r.endpoint_id`),
  );
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return new Map(
    rows.map((row) => {
      const sums = Object.fromEntries(Object.keys(emptySums()).map((column) => [column, row[column]])) as Sums;
      return [`${row.endpoint}|${row.version}|${row.mode}|${Number(row.start_ms)}`, sums];
    }),
  );
}

function expectSameRows(stored: Map<string, Sums>, expected: Map<string, Sums>) {
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, sums] of expected) {
    const row = stored.get(key)!;
    for (const column of Object.keys(sums) as (keyof Sums)[]) {
      const value = sums[column];
      if (Array.isArray(value)) expect(row[column], `${key} ${column}`).toEqual(value);
      else expect(row[column] as number, `${key} ${column}`).toBeCloseTo(value, 9);
    }
  }
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "rollup-model", task: "classification" });
  await createModelVersion(ctx, { model: "rollup-model", offlineMetrics: {} });
  await createModelVersion(ctx, { model: "rollup-model", offlineMetrics: {} });
  await createEndpoint(ctx, { name: ENDPOINT, model: "rollup-model", productionVersion: 1 });
  await createEndpoint(ctx, { name: SECOND_ENDPOINT, model: "rollup-model", productionVersion: 2 });
});

describe("prediction rollups", () => {
  it("match per-record sums", async () => {
    const ctx = systemCtx(testDb.db);
    const records = Array.from({ length: 140 }, (_, index) => record(index));
    const label = (indexes: number[]) =>
      labelBatchSchema.parse({
        records: indexes.map((index) => ({ endpoint: endpointOf(index), requestId: `r-${index}`, label: labelOf(index), timestamp: "2026-01-05T12:00:00Z" })),
      });
    const labeled = new Set<string>();

    // Labels of the second batch arrive before their predictions.
    const early = [61, 64, 66, 90, 119, 131, 132];
    await ingestLabels(ctx, label(early));
    // The first batch creates rows, and the second adds to the same minutes and hours.
    await ingestPredictions(ctx, predictionBatchSchema.parse({ records: records.slice(0, 60) }));
    await ingestPredictions(ctx, predictionBatchSchema.parse({ records: records.slice(60) }));
    for (const index of early) labeled.add(`r-${index}`);
    // Labels that arrive after their predictions update the quality columns only.
    const late = [0, 1, 2, 3, 7, 14, 22, 35, 59, 60, 62, 75, 100, 110, 120, 136];
    await ingestLabels(ctx, label(late));
    for (const index of late) labeled.add(`r-${index}`);

    expectSameRows(await storedRows("prediction_rollups", "minute"), expectedRows(records, labeled, 60_000));
    expectSameRows(await storedRows("prediction_hourly_rollups", "hour"), expectedRows(records, labeled, 3_600_000));
  });
});
