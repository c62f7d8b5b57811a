import { beforeAll, describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { compareShadow } from "../compare";
import { predictionsAgree } from "../agreement";
import { createShadowEndpoint, logPairs } from "./fixtures";

const testDb = useTestDb();
const ENDPOINT = "shadow-compare";
const from = new Date("2026-11-01T00:00:00Z");
const to = new Date("2026-11-04T00:00:00Z");

// Five pairs; r6 has no shadow output and r7 no production output, so neither is a pair.
beforeAll(async () => {
  await createShadowEndpoint(testDb.db, ENDPOINT);
  await logPairs(testDb.db, ENDPOINT, [
    { requestId: "r1", timestamp: "2026-11-01T10:00:00Z", production: { prediction: 1, latencyMs: 5 }, candidate: { prediction: 1, latencyMs: 10 }, label: 1 },
    { requestId: "r2", timestamp: "2026-11-01T11:00:00Z", production: { prediction: 0, latencyMs: 5 }, candidate: { prediction: 1, latencyMs: 20 }, label: 1 },
    { requestId: "r3", timestamp: "2026-11-01T12:00:00Z", production: { prediction: 0, latencyMs: 5 }, candidate: { prediction: 0, latencyMs: 30 }, label: 0 },
    { requestId: "r4", timestamp: "2026-11-01T13:00:00Z", production: { prediction: 1, latencyMs: 5 }, candidate: { prediction: 0, latencyMs: 40 } },
    { requestId: "r5", timestamp: "2026-11-02T10:00:00Z", production: { prediction: 1, latencyMs: 100 }, candidate: { prediction: 1, latencyMs: 50 }, label: true },
    { requestId: "r6", timestamp: "2026-11-02T11:00:00Z", production: { prediction: 1, latencyMs: 7 } },
    { requestId: "r7", timestamp: "2026-11-01T09:00:00Z", candidate: { prediction: 0, latencyMs: 1000 } },
  ]);
});

describe("compareShadow", () => {
  it("matches the hand-computed totals", async () => {
    const result = await compareShadow(systemCtx(testDb.db), { endpoint: ENDPOINT, candidateVersion: 2, from, to });

    expect(result.bucket).toBe("day");
    expect(result.pairs).toBe(5);
    expect(result.agreementRate).toBeCloseTo(3 / 5, 12);
    expect(result.labeled).toBe(4);
    expect(result.metricName).toBe("accuracy");
    expect(result.productionMetric).toBeCloseTo(3 / 4, 12);
    expect(result.candidateMetric).toBeCloseTo(1, 12);
    expect(result.metricDifference).toBeCloseTo(1 / 4, 12);
    // percentile_cont over 10, 20, 30, 40, 50: p95 sits at rank 3.8, so 40 + 0.8 × 10.
    expect(result.candidateLatencyP50Ms).toBeCloseTo(30, 9);
    expect(result.candidateLatencyP95Ms).toBeCloseTo(48, 9);
    expect(result.productionLatencyP50Ms).toBeCloseTo(5, 9);
    expect(result.productionLatencyP95Ms).toBeCloseTo(81, 9);
    expect(result.firstShadowAt).toEqual(new Date("2026-11-01T09:00:00Z"));
  });

  it("splits the series into daily buckets", async () => {
    const { series } = await compareShadow(systemCtx(testDb.db), { endpoint: ENDPOINT, candidateVersion: 2, from, to });

    expect(series.map((bucket) => bucket.bucketStart.toISOString())).toEqual(["2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"]);
    expect(series[0].pairs).toBe(4);
    expect(series[0].agreementRate).toBeCloseTo(0.5, 12);
    expect(series[0].labeled).toBe(3);
    expect(series[0].productionMetric).toBeCloseTo(2 / 3, 12);
    expect(series[0].candidateLatencyP50Ms).toBeCloseTo(25, 9);
    expect(series[1].pairs).toBe(1);
    expect(series[1].agreementRate).toBe(1);
  });

  it("defaults the window to the first shadow prediction", async () => {
    const now = new Date("2026-11-03T00:00:00Z");
    const ctx = { ...systemCtx(testDb.db), now: () => now };
    const result = await compareShadow(ctx, { endpoint: ENDPOINT, candidateVersion: 2 });

    expect(result.from).toEqual(new Date("2026-11-01T09:00:00Z"));
    expect(result.pairs).toBe(5);
    expect(result.bucket).toBe("hour");
  });

  it("returns empty numbers without pairs", async () => {
    const result = await compareShadow(systemCtx(testDb.db), { endpoint: ENDPOINT, candidateVersion: 1, from, to });

    expect(result.pairs).toBe(0);
    expect(result.agreementRate).toBeNull();
    expect(result.metricDifference).toBeNull();
    expect(result.series).toEqual([]);
  });

  it("rejects unknown endpoints and versions", async () => {
    await expect(compareShadow(systemCtx(testDb.db), { endpoint: "nope", candidateVersion: 2 })).rejects.toMatchObject({ code: "not_found" });
    await expect(compareShadow(systemCtx(testDb.db), { endpoint: ENDPOINT, candidateVersion: 9 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets viewers read and rejects ingest-only keys", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const result = await compareShadow(viewer.ctx, { endpoint: ENDPOINT, candidateVersion: 2, from, to });
    expect(result.pairs).toBe(5);

    const key = await createTestApiKey(testDb.db, ["ingest"]);
    const error = await compareShadow(key.ctx, { endpoint: ENDPOINT, candidateVersion: 2 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("forbidden");
  });
});

describe("predictionsAgree", () => {
  it("compares classes as text", () => {
    expect(predictionsAgree("classification", 1, "1")).toBe(true);
    expect(predictionsAgree("classification", "late", "on_time")).toBe(false);
  });

  it("uses the regression tolerance", () => {
    expect(predictionsAgree("regression", 100, 104.9)).toBe(true);
    expect(predictionsAgree("regression", 100, 105.1)).toBe(false);
    expect(predictionsAgree("regression", 0, 0.01)).toBe(true);
    expect(predictionsAgree("regression", 0, 0.02)).toBe(false);
  });
});
