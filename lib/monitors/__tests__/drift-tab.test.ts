import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { ingestLabels } from "@/lib/ingest/labels";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { labelBatchSchema, predictionBatchSchema } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { createWebhook } from "@/lib/webhooks";
import { useTestDb } from "@/test/db";
import { createTestUser, systemCtx } from "@/test/fixtures";
import { createMonitor, performanceHistory, requestRetrainingForReport, runMonitor } from "..";
import { loadColumnDrillDown, loadDriftTab } from "../drift-tab";

process.env.KEEL_SECRET ??= "monitor-history-test-secret-0123456789abcdef";

const HOUR_MS = 3_600_000;
const ENDPOINT = "history-prod";

const testDb = useTestDb();
const now = new Date();
let referenceRange: { from: string; to: string };

/** Logs `count` predictions over the hour before `end`, with labels; `shift` moves the feature `x` up. */
async function logPredictions(prefix: string, end: Date, count: number, shift: number) {
  const ctx = systemCtx(testDb.db);
  const predictions = Array.from({ length: count }, (_, index) => ({
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId: `${prefix}-${index}`,
    timestamp: new Date(end.getTime() - HOUR_MS + (index * HOUR_MS) / count).toISOString(),
    features: { x: (index % 10) + shift, carrier: index % 3 === 0 ? "AA" : "UA" },
    prediction: index % 2,
    score: index % 2 === 0 ? 0.2 : 0.8,
  }));
  // Every fourth prediction is wrong, so accuracy is 0.75.
  const labels = predictions.map((record, index) => ({
    endpoint: ENDPOINT,
    requestId: record.requestId,
    label: index % 4 === 0 ? 1 - record.prediction : record.prediction,
    timestamp: record.timestamp,
  }));
  await ingestPredictions(ctx, predictionBatchSchema.parse({ records: predictions }));
  await ingestLabels(ctx, labelBatchSchema.parse({ records: labels }));
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "history", task: "classification" });
  await createModelVersion(ctx, { model: "history" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "history", productionVersion: 1 });

  const referenceEnd = new Date(now.getTime() - 48 * HOUR_MS);
  await logPredictions("ref", referenceEnd, 80, 0);
  await logPredictions("cur", new Date(now.getTime() - HOUR_MS), 80, 6);
  referenceRange = { from: new Date(referenceEnd.getTime() - HOUR_MS).toISOString(), to: referenceEnd.toISOString() };
});

describe("performanceHistory", () => {
  it("returns each report's performance oldest first", async () => {
    const ctx = systemCtx(testDb.db);
    const monitor = await createMonitor(ctx, { endpoint: ENDPOINT, name: "perf", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" });
    const first = await runMonitor(ctx, { monitorId: monitor.id });
    const second = await runMonitor({ ...ctx, now: () => new Date(now.getTime() + 60_000) }, { monitorId: monitor.id });

    const history = await performanceHistory(ctx, { monitorId: monitor.id });

    expect(history.map((point) => point.reportId)).toEqual([first.id, second.id]);
    expect(history[0].performance.task).toBe("classification");
    expect(history[0].performance.versions[0].labeled).toBe(80);
    expect(history[0].performance.versions[0].metrics.accuracy).toBeCloseTo(0.75, 10);
  });

  it("leaves out reports without performance", async () => {
    const ctx = systemCtx(testDb.db);
    const monitor = await createMonitor(ctx, {
      endpoint: ENDPOINT,
      name: "no-perf",
      reference: { type: "range", ...referenceRange },
      window: "24h",
      cron: "0 * * * *",
      performance: false,
    });
    await runMonitor(ctx, { monitorId: monitor.id });

    expect(await performanceHistory(ctx, { monitorId: monitor.id })).toEqual([]);
  });
});

describe("requestRetrainingForReport", () => {
  it("rejects a request when no retraining webhook is enabled", async () => {
    const ctx = systemCtx(testDb.db);
    const monitor = await createMonitor(ctx, { endpoint: ENDPOINT, name: "retrain", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" });
    const report = await runMonitor(ctx, { monitorId: monitor.id });

    const error = await requestRetrainingForReport(ctx, { reportId: report.id }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("unprocessable");
    expect((error as KeelError).message).toContain("No retraining webhook is enabled");
  });

  it("rejects a viewer", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const ctx = systemCtx(testDb.db);
    const monitor = await createMonitor(ctx, { endpoint: ENDPOINT, name: "retrain-viewer", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" });
    const report = await runMonitor(ctx, { monitorId: monitor.id });

    const error = await requestRetrainingForReport(viewer.ctx, { reportId: report.id }).catch((caught: unknown) => caught);

    expect((error as KeelError).code).toBe("forbidden");
  });

  it("sends the report's results without distributions", async () => {
    const ctx = systemCtx(testDb.db);
    await createWebhook(ctx, { name: "pipeline", url: "http://127.0.0.1:9/retrain", purpose: "retraining", allowPrivateNetwork: true });
    const monitor = await createMonitor(ctx, { endpoint: ENDPOINT, name: "retrain-sent", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" });
    const report = await runMonitor(ctx, { monitorId: monitor.id });
    expect(report.status).toBe("drift");

    const { deliveryIds } = await requestRetrainingForReport(ctx, { reportId: report.id });

    expect(deliveryIds).toHaveLength(1);
    const [delivery] = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryIds[0]));
    const data = (delivery.payload as { data: { reason: string; evidence: Record<string, unknown> } }).data;
    expect(data.reason).toContain(`drift report ${report.id}`);
    const features = data.evidence.features as Record<string, unknown>[];
    expect(features.map((feature) => feature.column).sort()).toEqual(["carrier", "x"]);
    expect(features[0]).not.toHaveProperty("distribution");
    expect(data.evidence.reportId).toBe(report.id);
  });
});

describe("loadDriftTab", () => {
  it("shows the newest report with its history", async () => {
    const ctx = systemCtx(testDb.db);
    const monitor = await createMonitor(ctx, { endpoint: ENDPOINT, name: "a-tab", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" });
    await runMonitor(ctx, { monitorId: monitor.id });
    const latest = await runMonitor({ ...ctx, now: () => new Date(now.getTime() + 60_000) }, { monitorId: monitor.id });

    const tab = await loadDriftTab(ctx, { endpoint: ENDPOINT, monitorId: monitor.id });

    expect(tab.monitor?.name).toBe("a-tab");
    expect(tab.monitor?.reference).toBe(`logs from ${referenceRange.from} to ${referenceRange.to}`);
    expect(tab.latest?.id).toBe(latest.id);
    expect(tab.latest?.status).toBe("drift");
    expect(tab.features.map((row) => row.column).sort()).toEqual(["carrier", "x"]);
    expect(tab.features.every((row) => row.trend.length === 2)).toBe(true);
    expect(tab.prediction.map((row) => row.column)).toContain("@score");
    expect(tab.driftShare).toHaveLength(2);
    expect(tab.driftShare[1].share).toBe(latest.body.dataset.driftedShare);
    expect(tab.performance?.metric).toBe("accuracy");
    expect(tab.performance?.points[1].v1).toBeCloseTo(0.75, 10);
  });

  it("picks the first monitor by name without an id", async () => {
    const tab = await loadDriftTab(systemCtx(testDb.db), { endpoint: ENDPOINT });
    expect(tab.monitor?.name).toBe("a-tab");
    expect(tab.monitors.map((option) => option.name)).toContain("perf");
  });

  it("shows no monitor for an id of another endpoint", async () => {
    const tab = await loadDriftTab(systemCtx(testDb.db), { endpoint: ENDPOINT, monitorId: 999_999 });
    expect(tab.monitor).toBeNull();
    expect(tab.monitors.length).toBeGreaterThan(0);
    expect(tab.features).toEqual([]);
  });

  it("is empty for an endpoint without monitors", async () => {
    const ctx = systemCtx(testDb.db);
    await createEndpoint(ctx, { name: "history-empty", model: "history" });
    const tab = await loadDriftTab(ctx, { endpoint: "history-empty" });
    expect(tab.monitors).toEqual([]);
    expect(tab.monitor).toBeNull();
  });
});

describe("loadColumnDrillDown", () => {
  it("draws a numerical column as shares of each side", async () => {
    const drill = await loadColumnDrillDown(systemCtx(testDb.db), { endpoint: ENDPOINT, column: "x" });

    expect(drill?.monitor.name).toBe("a-tab");
    expect(drill?.result?.distributionType).toBe("numerical");
    const bars = drill?.result?.bars ?? [];
    expect(bars.length).toBeGreaterThan(1);
    const total = (key: "reference" | "current") => bars.reduce((sum, bar) => sum + Number(bar[key] ?? 0), 0);
    expect(total("reference")).toBeCloseTo(1, 6);
    expect(total("current")).toBeCloseTo(1, 6);
    expect(drill?.trend).toHaveLength(2);
    expect(drill?.nullShare[0]).toMatchObject({ reference: 0, current: 0 });
  });

  it("draws a categorical column as category bars", async () => {
    const drill = await loadColumnDrillDown(systemCtx(testDb.db), { endpoint: ENDPOINT, column: "carrier" });
    expect(drill?.result?.distributionType).toBe("categorical");
    expect(drill?.result?.bars.map((bar) => bar.category)).toContain("AA");
  });

  it("has no result for a column the report lacks", async () => {
    const drill = await loadColumnDrillDown(systemCtx(testDb.db), { endpoint: ENDPOINT, column: "nope" });
    expect(drill?.result).toBeNull();
    expect(drill?.trend).toEqual([]);
  });

  it("is null for a monitor of another endpoint", async () => {
    expect(await loadColumnDrillDown(systemCtx(testDb.db), { endpoint: "history-empty", column: "x" })).toBeNull();
  });
});
