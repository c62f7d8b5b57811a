import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, auditLog, endpointCanaries, endpoints } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { ingestLabels } from "@/lib/ingest/labels";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { labelBatchSchema, predictionBatchSchema } from "@/lib/ingest/schemas";
import { createShadowEndpoint } from "@/lib/shadow/__tests__/fixtures";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { assignVersion, checkCanaries, compareCanary, getCanary, setCanary } from "..";

const testDb = useTestDb();
let engineer: TestUser;
let viewer: TestUser;

async function caught(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

/** Logs `count` production-mode requests of `version` in the last minutes, each labeled 1. */
async function logTraffic(endpoint: string, version: number, count: number, options: { latencyMs: number; prediction: number }) {
  const records = Array.from({ length: count }, (_, i) => ({
    endpoint,
    modelVersion: version,
    requestId: `v${version}-${i}`,
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
    features: { distance: i },
    prediction: options.prediction,
    latencyMs: options.latencyMs,
  }));
  await ingestPredictions(systemCtx(testDb.db), predictionBatchSchema.parse({ records }));
  const labels = records.map((record) => ({ endpoint, requestId: record.requestId, label: 1, timestamp: record.timestamp }));
  await ingestLabels(systemCtx(testDb.db), labelBatchSchema.parse({ records: labels }));
}

beforeAll(async () => {
  engineer = await createTestUser(testDb.db, "engineer");
  viewer = await createTestUser(testDb.db, "viewer");
  await createShadowEndpoint(testDb.db, "canary-assign");
  await createShadowEndpoint(testDb.db, "canary-latency");
  await createShadowEndpoint(testDb.db, "canary-accuracy");
});

describe("assignVersion", () => {
  it("serves production without a canary", async () => {
    expect(await assignVersion(viewer.ctx, { endpoint: "canary-assign", unitId: "u1" })).toEqual({ modelVersion: 1, mode: "production" });
  });

  it("sends the canary's share of units to it", async () => {
    await setCanary(engineer.ctx, { endpoint: "canary-assign", version: 2, weight: 0.2 });
    const units = Array.from({ length: 2000 }, (_, i) => `unit-${i}`);
    const assigned = await Promise.all(units.map((unitId) => assignVersion(viewer.ctx, { endpoint: "canary-assign", unitId })));
    const canaryUnits = new Set(units.filter((_, i) => assigned[i].mode === "canary"));

    // Binomial(2000, 0.2) has a standard deviation of about 0.0089; 0.036 is four of them.
    expect(Math.abs(canaryUnits.size / units.length - 0.2)).toBeLessThan(0.036);
    expect(assigned.filter((entry) => entry.mode === "canary").every((entry) => entry.modelVersion === 2)).toBe(true);

    await setCanary(engineer.ctx, { endpoint: "canary-assign", version: 2, weight: 0.5 });
    const raised = await Promise.all([...canaryUnits].map((unitId) => assignVersion(viewer.ctx, { endpoint: "canary-assign", unitId })));
    expect(raised.every((entry) => entry.mode === "canary")).toBe(true);

    await setCanary(engineer.ctx, { endpoint: "canary-assign", version: 2, weight: 0 });
    const stopped = await Promise.all([...canaryUnits].slice(0, 50).map((unitId) => assignVersion(viewer.ctx, { endpoint: "canary-assign", unitId })));
    expect(stopped.every((entry) => entry.mode === "production")).toBe(true);
  });

  it("rejects read-only keys", async () => {
    const key = await createTestApiKey(testDb.db, ["read"]);
    expect((await caught(assignVersion(key.ctx, { endpoint: "canary-assign", unitId: "u1" }))).code).toBe("forbidden");
  });
});

describe("setCanary", () => {
  it("rejects viewers and the production version", async () => {
    expect((await caught(setCanary(viewer.ctx, { endpoint: "canary-assign", version: 2, weight: 0.1 }))).code).toBe("forbidden");
    expect((await caught(setCanary(engineer.ctx, { endpoint: "canary-assign", version: 1, weight: 0.1 }))).code).toBe("unprocessable");
  });

  it("writes an audit row", async () => {
    const [endpoint] = await testDb.db.select().from(endpoints).where(eq(endpoints.name, "canary-assign"));
    const rows = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "canary.updated"), eq(auditLog.targetId, String(endpoint.id))));
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });
});

describe("checkCanaries", () => {
  it("aborts a canary whose latency breaks the limit", async () => {
    await setCanary(engineer.ctx, {
      endpoint: "canary-latency",
      version: 2,
      weight: 0.3,
      guardrails: { maxLatencyP95Ms: 100, minSamples: 20, windowMinutes: 30 },
    });
    const started = new Date(Date.now() - 10 * 60_000);
    await testDb.db.update(endpointCanaries).set({ startedAt: started });
    await logTraffic("canary-latency", 1, 30, { latencyMs: 20, prediction: 1 });
    await logTraffic("canary-latency", 2, 30, { latencyMs: 250, prediction: 1 });

    const comparison = await compareCanary(viewer.ctx, { endpoint: "canary-latency", candidateVersion: 2, from: started });
    expect(comparison.canary.requests).toBe(30);
    expect(comparison.production.latencyP95Ms).toBeCloseTo(20, 9);

    const checks = await checkCanaries(systemCtx(testDb.db));
    const check = checks.find((entry) => entry.endpoint === "canary-latency")!;
    expect(check.aborted).toBe(true);
    expect(check.breaches.map((breach) => breach.guardrail)).toEqual(["maxLatencyP95Ms"]);

    const canary = await getCanary(viewer.ctx, { endpoint: "canary-latency" });
    expect(canary.weight).toBe(0);
    expect(canary.abortReason).toContain("latency p95");
    const [endpoint] = await testDb.db.select().from(endpoints).where(eq(endpoints.name, "canary-latency"));
    const fired = await testDb.db.select().from(alerts).where(eq(alerts.endpointId, endpoint.id));
    expect(fired).toHaveLength(1);
    expect(fired[0].severity).toBe("critical");
    const audits = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "canary.aborted"), eq(auditLog.targetId, String(endpoint.id))));
    expect(audits).toHaveLength(1);

    const again = await checkCanaries(systemCtx(testDb.db));
    expect(again.find((entry) => entry.endpoint === "canary-latency")).toBeUndefined();
    expect(await assignVersion(viewer.ctx, { endpoint: "canary-latency", unitId: "any" })).toEqual({ modelVersion: 1, mode: "production" });
  });

  it("aborts on an accuracy drop", async () => {
    await setCanary(engineer.ctx, {
      endpoint: "canary-accuracy",
      version: 2,
      weight: 0.3,
      guardrails: { maxAccuracyDrop: 0.1, minSamples: 20, windowMinutes: 30 },
    });
    const [endpoint] = await testDb.db.select().from(endpoints).where(eq(endpoints.name, "canary-accuracy"));
    await testDb.db.update(endpointCanaries).set({ startedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(endpointCanaries.endpointId, endpoint.id));
    await logTraffic("canary-accuracy", 1, 25, { latencyMs: 20, prediction: 1 });
    await logTraffic("canary-accuracy", 2, 25, { latencyMs: 20, prediction: 0 });

    const checks = await checkCanaries(systemCtx(testDb.db));
    const check = checks.find((entry) => entry.endpoint === "canary-accuracy")!;
    expect(check.breaches.map((breach) => breach.guardrail)).toEqual(["maxAccuracyDrop"]);
    expect(check.breaches[0].observed).toBeCloseTo(1, 12);
    expect(check.aborted).toBe(true);
  });

  it("rejects non-admin callers", async () => {
    expect((await caught(checkCanaries(engineer.ctx))).code).toBe("forbidden");
  });
});

describe("setCanary with an ingest key", () => {
  it("returns the canary it set", async () => {
    await createShadowEndpoint(testDb.db, "canary-key");
    const key = await createTestApiKey(testDb.db, ["ingest"]);
    const canary = await setCanary(key.ctx, { endpoint: "canary-key", version: 2, weight: 0.1 });
    expect(canary.weight).toBe(0.1);
    expect(canary.guardrails).toEqual({ minSamples: 100, windowMinutes: 60 });
  });
});
