import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { KeelError } from "@/lib/errors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { ingestEvents } from "../events";
import { ingestLabels } from "../labels";
import { ingestMetrics } from "../metrics";
import { ingestPredictions } from "../predictions";
import {
  eventBatchSchema,
  labelBatchSchema,
  metricBatchSchema,
  predictionBatchSchema,
  predictionRecordSchema,
  type PredictionRecordInput,
} from "../schemas";

const testDb = useTestDb();
const ENDPOINT = "churn-prod";

function prediction(requestId: string, overrides: Partial<PredictionRecordInput> = {}): PredictionRecordInput {
  return {
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId,
    timestamp: "2026-01-05T10:00:30Z",
    features: { tenure: 12, plan: "pro", trial: false, region: null },
    prediction: 1,
    score: 0.8,
    latencyMs: 12,
    ...overrides,
  };
}

const predictions = (records: PredictionRecordInput[]) => predictionBatchSchema.parse({ records });

async function count(table: string): Promise<number> {
  const result = await testDb.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

async function rollupTotals() {
  const result = await testDb.db.execute(sql`
    SELECT coalesce(sum(count), 0)::int AS count, coalesce(sum(labeled_count), 0)::int AS labeled,
      coalesce(sum(correct_count), 0)::int AS correct, coalesce(sum(latency_count), 0)::int AS latency_count,
      coalesce(sum(log_loss_count), 0)::int AS log_loss_count
    FROM prediction_rollups`);
  return (result as unknown as { rows: Record<string, number>[] }).rows[0];
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "churn", task: "classification" });
  await createModelVersion(ctx, { model: "churn", offlineMetrics: { roc_auc: 0.8 } });
  await createModelVersion(ctx, { model: "churn", offlineMetrics: { roc_auc: 0.82 } });
  await createEndpoint(ctx, { name: ENDPOINT, model: "churn", productionVersion: 1 });
});

describe("ingestPredictions", () => {
  it("stores a batch and its rollups", async () => {
    const result = await ingestPredictions(systemCtx(testDb.db), predictions([prediction("a-1"), prediction("a-2")]));

    expect(result).toEqual({ stored: 2, duplicates: 0 });
    expect(await count("prediction_logs")).toBe(2);
    expect((await rollupTotals()).count).toBe(2);
    expect((await rollupTotals()).latency_count).toBe(2);
  });

  it("stores every column as sent", async () => {
    const requestIds = ['h "quoted"', "h \\ back\\slash", "h {braces, commas}", "NULL", " h spaced ", "h é 😀"];
    const records = requestIds.map((requestId, index) =>
      prediction(requestId, {
        timestamp: `2026-01-05T10:0${index}:30.125+01:00`,
        features: { text: `value ${index}`, number: index / 3, flag: index % 2 === 0, empty: null },
        prediction: index % 2 === 0 ? "yes" : index,
        probabilities: index % 2 === 0 ? { yes: 0.75, no: 0.25 } : undefined,
        score: index % 3 === 0 ? undefined : index / 10,
        latencyMs: index === 1 ? undefined : index * 1.5,
        mode: index === 5 ? "shadow" : undefined,
      }),
    );

    expect(await ingestPredictions(systemCtx(testDb.db), predictions(records))).toEqual({ stored: 6, duplicates: 0 });

    const result = await testDb.db.execute(sql`
      SELECT request_id, mode, "timestamp", features, prediction, probabilities, score, latency_ms
      FROM prediction_logs WHERE request_id IN ${requestIds} ORDER BY "timestamp"`);
    const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
    expect(rows.map((row) => row.request_id)).toEqual(requestIds);
    rows.forEach((row, index) => {
      const record = predictionRecordSchema.parse(records[index]);
      expect(row.mode).toBe(record.mode);
      expect(new Date(row.timestamp as string | Date).getTime()).toBe(record.timestamp.getTime());
      expect(row.features).toEqual(record.features);
      expect(row.prediction).toEqual(record.prediction);
      expect(row.probabilities).toEqual(record.probabilities ?? null);
      expect(row.score).toBe(record.score ?? null);
      expect(row.latency_ms).toBe(record.latencyMs ?? null);
    });
  });

  it("counts a resent batch as duplicates", async () => {
    const batch = predictions([prediction("b-1"), prediction("b-2"), prediction("b-3")]);
    await ingestPredictions(systemCtx(testDb.db), batch);
    const before = await rollupTotals();

    const retried = await ingestPredictions(systemCtx(testDb.db), batch);

    expect(retried).toEqual({ stored: 0, duplicates: 3 });
    expect(await rollupTotals()).toEqual(before);
  });

  it("counts repeats inside one batch once", async () => {
    const result = await ingestPredictions(systemCtx(testDb.db), predictions([prediction("c-1"), prediction("c-1")]));
    expect(result).toEqual({ stored: 1, duplicates: 1 });
  });

  it("stores racing identical batches once", async () => {
    const batch = predictions(Array.from({ length: 200 }, (_, index) => prediction(`race-${index}`)));

    const results = await Promise.all([
      ingestPredictions(systemCtx(testDb.db), batch),
      ingestPredictions(systemCtx(testDb.db), batch),
    ]);

    expect(results[0].stored + results[1].stored).toBe(200);
    expect(results[0].duplicates + results[1].duplicates).toBe(200);
  });

  it("keeps a shadow log beside the production log", async () => {
    const result = await ingestPredictions(
      systemCtx(testDb.db),
      predictions([prediction("d-1"), prediction("d-1", { modelVersion: 2, mode: "shadow", prediction: 0 })]),
    );
    expect(result).toEqual({ stored: 2, duplicates: 0 });
  });

  it("stores nothing when one endpoint is unknown", async () => {
    const before = await count("prediction_logs");
    const batch = predictions([prediction("e-1"), prediction("e-2", { endpoint: "missing-endpoint" })]);

    const error = await ingestPredictions(systemCtx(testDb.db), batch).catch((caught) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect(error.code).toBe("not_found");
    expect(error.message).toContain('"missing-endpoint"');
    expect(error.issues[0].path).toBe("records.1.endpoint");
    expect(await count("prediction_logs")).toBe(before);
  });

  it("stores nothing when one version is unknown", async () => {
    const before = await count("prediction_logs");
    const batch = predictions([prediction("f-1"), prediction("f-2", { modelVersion: 9 })]);

    const error = await ingestPredictions(systemCtx(testDb.db), batch).catch((caught) => caught);

    expect(error.code).toBe("not_found");
    expect(error.issues[0].path).toBe("records.1.modelVersion");
    expect(await count("prediction_logs")).toBe(before);
  });

  it("rejects a viewer and a read-only key", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const readKey = await createTestApiKey(testDb.db, ["read"]);
    const batch = predictions([prediction("g-1")]);

    for (const ctx of [viewer.ctx, readKey.ctx]) {
      const error = await ingestPredictions(ctx, batch).catch((caught) => caught);
      expect(error.code).toBe("forbidden");
    }
    const ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
    expect(await ingestPredictions(ingestKey.ctx, batch)).toEqual({ stored: 1, duplicates: 0 });
  });
});

describe("ingestLabels", () => {
  it("adds quality to the prediction rollup", async () => {
    const ctx = systemCtx(testDb.db);
    await ingestPredictions(ctx, predictions([prediction("h-1", { prediction: 1 }), prediction("h-2", { prediction: 1 })]));
    const before = await rollupTotals();

    const result = await ingestLabels(
      ctx,
      labelBatchSchema.parse({
        records: [
          { endpoint: ENDPOINT, requestId: "h-1", label: 1, timestamp: "2026-01-05T11:00:00Z" },
          { endpoint: ENDPOINT, requestId: "h-2", label: 0, timestamp: "2026-01-05T11:00:00Z" },
        ],
      }),
    );

    expect(result).toEqual({ stored: 2, duplicates: 0 });
    const after = await rollupTotals();
    expect(after.labeled - before.labeled).toBe(2);
    expect(after.correct - before.correct).toBe(1);
    expect(after.log_loss_count - before.log_loss_count).toBe(2);
  });

  it("applies a label that arrived first", async () => {
    const ctx = systemCtx(testDb.db);
    await ingestLabels(
      ctx,
      labelBatchSchema.parse({ records: [{ endpoint: ENDPOINT, requestId: "i-1", label: 1, timestamp: "2026-01-05T11:00:00Z" }] }),
    );
    const before = await rollupTotals();

    await ingestPredictions(ctx, predictions([prediction("i-1", { prediction: 1 })]));

    const after = await rollupTotals();
    expect(after.labeled - before.labeled).toBe(1);
    expect(after.correct - before.correct).toBe(1);
  });

  it("rolls up only the new part of a batch", async () => {
    const ctx = systemCtx(testDb.db);
    await ingestPredictions(ctx, predictions([prediction("k-1"), prediction("k-2")]));
    await ingestLabels(
      ctx,
      labelBatchSchema.parse({ records: [{ endpoint: ENDPOINT, requestId: "k-3", label: 1, timestamp: "2026-01-05T11:00:00Z" }] }),
    );
    const before = await rollupTotals();

    const result = await ingestPredictions(
      ctx,
      predictions([prediction("k-1"), prediction("k-3", { prediction: 1 }), prediction("k-2"), prediction("k-4")]),
    );

    expect(result).toEqual({ stored: 2, duplicates: 2 });
    const after = await rollupTotals();
    expect(after.count - before.count).toBe(2);
    expect(after.labeled - before.labeled).toBe(1);
    expect(after.correct - before.correct).toBe(1);
  });

  it("keeps the first label of a request", async () => {
    const ctx = systemCtx(testDb.db);
    const record = { endpoint: ENDPOINT, requestId: "j-1", label: 1, timestamp: "2026-01-05T11:00:00Z" };
    await ingestLabels(ctx, labelBatchSchema.parse({ records: [record] }));

    const retried = await ingestLabels(ctx, labelBatchSchema.parse({ records: [{ ...record, label: 0 }] }));

    expect(retried).toEqual({ stored: 0, duplicates: 1 });
  });
});

describe("hourly rollups", () => {
  it("match the minute rollups", async () => {
    const totals = async (table: string) => {
      const result = await testDb.db.execute(
        sql.raw(`SELECT sum(count)::int AS count, sum(labeled_count)::int AS labeled, sum(correct_count)::int AS correct,
          sum(latency_count)::int AS latency, sum(latency_buckets[25])::int AS bucket25 FROM ${table}`),
      );
      return (result as unknown as { rows: Record<string, number>[] }).rows[0];
    };

    const minute = await totals("prediction_rollups");
    const hourly = await totals("prediction_hourly_rollups");

    expect(minute.count).toBeGreaterThan(0);
    expect(hourly).toEqual(minute);
  });
});

describe("ingestEvents and ingestMetrics", () => {
  it("deduplicates events by eventId only", async () => {
    const ctx = systemCtx(testDb.db);
    const records = [
      { eventId: "ev-1", unitId: "u-1", name: "purchase", value: 9.5, timestamp: "2026-01-05T11:00:00Z" },
      { unitId: "u-1", name: "click", value: 1, timestamp: "2026-01-05T11:00:00Z" },
    ];

    expect(await ingestEvents(ctx, eventBatchSchema.parse({ records }))).toEqual({ stored: 2, duplicates: 0 });
    expect(await ingestEvents(ctx, eventBatchSchema.parse({ records }))).toEqual({ stored: 1, duplicates: 1 });
  });

  it("keeps the first value of a metric point", async () => {
    const ctx = systemCtx(testDb.db);
    const point = { endpoint: ENDPOINT, name: "cpu_percent", timestamp: "2026-01-05T11:00:00Z", value: 40 };

    expect(await ingestMetrics(ctx, metricBatchSchema.parse({ records: [point] }))).toEqual({ stored: 1, duplicates: 0 });
    expect(await ingestMetrics(ctx, metricBatchSchema.parse({ records: [{ ...point, value: 90 }] }))).toEqual({
      stored: 0,
      duplicates: 1,
    });
  });
});
