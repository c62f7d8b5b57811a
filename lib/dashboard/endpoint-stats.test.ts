import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import type { Ctx } from "../context";
import { KeelError } from "../errors";
import { ingestLabels } from "../ingest/labels";
import { ingestPredictions } from "../ingest/predictions";
import { labelBatchSchema, predictionBatchSchema, type PredictionRecordInput } from "../ingest/schemas";
import { createEndpoint } from "../registry/endpoints";
import { createModel, createModelVersion } from "../registry/models";
import { getEndpointStats } from "./endpoint-stats";
import { getOverview } from "./overview";

const testDb = useTestDb();
const NOW = new Date("2026-01-05T12:00:00Z");
const HOUR_RANGE = { range: "custom", from: "2026-01-05T10:00:00Z", to: "2026-01-05T11:00:00Z" } as const;

function record(requestId: string, overrides: Partial<PredictionRecordInput>): PredictionRecordInput {
  return {
    endpoint: "delay",
    modelVersion: 1,
    requestId,
    timestamp: "2026-01-05T10:00:30Z",
    features: { distance: 300 },
    prediction: 1,
    score: 0.9,
    latencyMs: 12,
    ...overrides,
  };
}

function at(ctx: Ctx): Ctx {
  return { ...ctx, now: () => NOW };
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "delay", task: "classification" });
  await createModelVersion(ctx, { model: "delay" });
  await createModelVersion(ctx, { model: "delay" });
  await createEndpoint(ctx, { name: "delay", model: "delay", productionVersion: 1 });
  await createModel(ctx, { name: "route", task: "classification" });
  await createModelVersion(ctx, { model: "route" });
  await createEndpoint(ctx, { name: "route", model: "route", productionVersion: 1 });
  await createEndpoint(ctx, { name: "idle", model: "route", productionVersion: 1 });

  const records = [
    record("a", {}),
    record("b", { prediction: 0, score: 0.2, latencyMs: 30 }),
    record("c", { timestamp: "2026-01-05T10:20:00Z" }),
    record("d", { modelVersion: 2, mode: "shadow", requestId: "a", score: 0.7 }),
    record("r1", { endpoint: "route", prediction: "short", score: undefined }),
    record("r2", { endpoint: "route", prediction: "long", score: undefined }),
    record("r3", { endpoint: "route", prediction: "short", score: undefined }),
  ];
  await ingestPredictions(ctx, predictionBatchSchema.parse({ records }));
  const labels = [
    { endpoint: "delay", requestId: "a", label: 1, timestamp: "2026-01-05T11:30:00Z" },
    { endpoint: "delay", requestId: "b", label: 1, timestamp: "2026-01-05T11:30:00Z" },
  ];
  await ingestLabels(ctx, labelBatchSchema.parse({ records: labels }));
});

describe("getEndpointStats", () => {
  it("buckets traffic per version and mode", async () => {
    const stats = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "delay", ...HOUR_RANGE });

    expect(stats.range.bucketMs).toBe(60_000);
    expect(stats.charts.series.map((series) => series.key)).toEqual(["v1", "v2-shadow"]);
    const first = stats.charts.traffic[0];
    expect(first.t).toBe(Date.parse("2026-01-05T10:00:00Z"));
    expect(first.v1).toBe(2);
    expect(stats.charts.traffic[1].v1).toBeNull();
    expect(stats.charts.traffic[20].v1).toBe(1);
  });

  it("reports labels, latency and scores", async () => {
    const stats = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "delay", ...HOUR_RANGE });
    const v1 = stats.charts.summaries.find((summary) => summary.key === "v1")!;

    expect(v1.requests).toBe(3);
    expect(v1.labeled).toBe(2);
    expect(v1.accuracy).toBe(0.5);
    expect(v1.meanPrediction).toBeCloseTo(2 / 3, 12);
    expect(v1.latencyP50Ms).toBeGreaterThan(9);
    expect(v1.latencyP50Ms).toBeLessThan(16);
    expect(stats.charts.accuracy![0].v1).toBe(0.5);
    expect(stats.charts.scoreHistogram![9].v1).toBeCloseTo(2 / 3, 12);
  });

  it("limits the charts to one version", async () => {
    const stats = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "delay", ...HOUR_RANGE, version: "2" });

    expect(stats.version).toBe(2);
    expect(stats.charts.series.map((series) => series.key)).toEqual(["v2-shadow"]);
  });

  it("draws class shares for string predictions", async () => {
    const stats = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "route", ...HOUR_RANGE });

    expect(stats.charts.classShares!.classes).toEqual(["short", "long"]);
    expect(stats.charts.classShares!.points[0].short).toBeCloseTo(2 / 3, 12);
    expect(stats.charts.meanPrediction).toBeNull();
  });

  it("tells an idle endpoint from an empty range", async () => {
    const idle = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "idle" });
    const earlier = await getEndpointStats(at(systemCtx(testDb.db)), {
      endpoint: "delay",
      range: "custom",
      from: "2025-12-01T00:00:00Z",
      to: "2025-12-02T00:00:00Z",
    });

    expect(idle.hasPredictions).toBe(false);
    expect(earlier.hasPredictions).toBe(true);
    expect(earlier.charts.series).toEqual([]);
  });

  it("throws not_found for an unknown endpoint or version", async () => {
    const ctx = at(systemCtx(testDb.db));

    await expect(getEndpointStats(ctx, { endpoint: "nope" })).rejects.toMatchObject({ code: "not_found" });
    await expect(getEndpointStats(ctx, { endpoint: "delay", version: 9 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("rejects a custom range without bounds", async () => {
    const error = await getEndpointStats(at(systemCtx(testDb.db)), { endpoint: "delay", range: "custom" }).catch((e) => e);

    expect(error).toBeInstanceOf(KeelError);
    expect(error.code).toBe("unprocessable");
    expect(error.issues.map((issue: { path: string }) => issue.path)).toEqual(["from", "to"]);
  });

  it("rejects an API key without the read scope", async () => {
    const key = await createTestApiKey(testDb.db, ["ingest"]);
    await expect(getEndpointStats(key.ctx, { endpoint: "delay" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("allows a viewer", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const stats = await getEndpointStats(at(viewer.ctx), { endpoint: "delay", ...HOUR_RANGE });
    expect(stats.endpoint.productionVersion).toBe(1);
  });
});

describe("getOverview", () => {
  it("summarises production traffic of every endpoint", async () => {
    const overview = await getOverview(at(systemCtx(testDb.db)), {});
    const [delay, idle, route] = overview.endpoints;

    expect(overview.endpoints.map((card) => card.name)).toEqual(["delay", "idle", "route"]);
    expect(delay.requests).toBe(3);
    expect(delay.predictionRate).toEqual({ kind: "positive-share", value: 2 / 3 });
    expect(delay.quality).toEqual({ kind: "accuracy", value: 0.5, labeled: 2 });
    expect(route.predictionRate).toMatchObject({ kind: "top-class", className: "short" });
    expect(idle.requests).toBe(0);
    expect(overview.endpoints.every((card) => card.points.length <= 49)).toBe(true);
  });

  it("rejects an API key without the read scope", async () => {
    const key = await createTestApiKey(testDb.db, ["ingest"]);
    await expect(getOverview(key.ctx, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
