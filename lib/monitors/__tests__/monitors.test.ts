import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, silentLogger, systemCtx } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { listAlerts } from "@/lib/alerts";
import { scanFlights } from "@/lib/demo/flights";
import type { ReplaySource } from "@/lib/demo/records";
import { DEMO_ENDPOINT } from "@/lib/demo/records";
import { ensureDemoEndpoint, readDemoState, registerDemoModel } from "@/lib/demo/register";
import { replayFlights } from "@/lib/demo/replay";
import { isSampled } from "@/lib/demo/sample";
import { shiftedTime, shiftWeeksFor } from "@/lib/demo/shift";
import { LocalTarget } from "@/lib/demo/target-local";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel } from "@/lib/demo/train";
import { KeelError } from "@/lib/errors";
import { columnHistory, createMonitor, deleteMonitor, listDriftReports, listMonitors, runMonitor, updateMonitor } from "..";

// Alerts build links from the configuration, which requires a secret with DATABASE_URL.
process.env.KEEL_SECRET ??= "monitors-test-secret-0123456789abcdef0123";

// 40,000 flights spread over January to June 2001, replayed with labels as the demo replays them.
const SAMPLE_FLIGHTS = 40_000;

const testDb = useTestDb();
let lastDataAt: Date;
let januaryRange: { from: string; to: string };
let mayEnd: string;

beforeAll(async () => {
  const scan = await scanFlights({ select: (rowIndex, _departureMs, totalRows) => isSampled(rowIndex, SAMPLE_FLIGHTS, totalRows) });
  const training = trainFlightDelayModel(scan.flights);
  const shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, new Date());
  const target = new LocalTarget(testDb.handle, silentLogger);
  await registerDemoModel(target, await readDemoState(target), training, shiftWeeks);
  await ensureDemoEndpoint(target);
  const source: ReplaySource = { flights: scan.flights, scorer: new FlightDelayScorer(training.model), shiftWeeks, minuteCounts: scan.minuteCounts };
  await replayFlights(source, target, new Date());

  lastDataAt = shiftedTime(scan.lastDepartureMs, shiftWeeks);
  mayEnd = shiftedTime(Date.UTC(2001, 5, 1), shiftWeeks).toISOString();
  januaryRange = { from: shiftedTime(Date.UTC(2001, 0, 1), shiftWeeks).toISOString(), to: shiftedTime(TRAINING_END_MS, shiftWeeks).toISOString() };
}, 300_000);

/** A context whose clock stands just after the last replayed flight, so the 7-day window holds late June. */
function ctxAtEndOfData() {
  return { ...systemCtx(testDb.db), now: () => new Date(lastDataAt.getTime() + 60_000) };
}

describe("drift monitors", () => {
  it("compares with the training profile", async () => {
    const ctx = ctxAtEndOfData();
    const monitor = await createMonitor(ctx, { endpoint: DEMO_ENDPOINT, name: "profile", reference: { type: "version", version: 1 }, window: "7d", cron: "0 * * * *" });
    const report = await runMonitor(ctx, { monitorId: monitor.id });

    expect(report.status).not.toBe("failed");
    expect(report.currentRows).toBeGreaterThan(500);
    expect(report.body.features.map((feature) => feature.column).sort()).toEqual(["dep_hour", "destination", "distance", "origin", "weekday"]);
    // The profile has more than 1,000 rows, so Evidently's rule picks wasserstein and jensenshannon.
    const byColumn = Object.fromEntries(report.body.features.map((feature) => [feature.column, feature]));
    expect(byColumn.distance.method).toBe("wasserstein");
    expect(byColumn.origin.method).toBe("jensenshannon");
    // The profile names its 50 most frequent airports; the rest are "other", not unseen.
    expect(byColumn.origin.unseenCategories).toEqual([]);
    expect(report.body.prediction.map((column) => column.column)).toContain("@score");
    // A profile has no labels, so label drift is skipped with the reason.
    expect(report.body.skipped).toContainEqual({ column: "@label", reason: "not in the reference" });
    expect(report.body.performance?.versions[0].labeled).toBeGreaterThan(100);
    expect(report.body.performance?.versions[0].metrics.accuracy).toBeGreaterThan(0.5);
    expect(report.body.performance?.versions[0].metrics.rocAuc).toBeGreaterThan(0.5);
  });

  it("finds the May label shift and alerts", async () => {
    const endOfMay = new Date(mayEnd);
    const ctx = { ...systemCtx(testDb.db), now: () => endOfMay };
    const monitor = await createMonitor(ctx, {
      endpoint: DEMO_ENDPOINT,
      name: "january-range",
      reference: { type: "range", ...januaryRange },
      window: "30d",
      cron: "0 * * * *",
      overrides: { "@label": { method: "chisquare" }, weekday: { method: "chisquare" } },
    });
    const report = await runMonitor(ctx, { monitorId: monitor.id });

    // Flights were delayed less often in May 2001 than in January (about 17% against 20%).
    const label = report.body.prediction.find((column) => column.column === "@label");
    expect(label?.method).toBe("chisquare");
    expect(label?.drifted).toBe(true);
    expect(report.status).toBe("drift");
    const alerts = await listAlerts(ctx, { state: "open" });
    expect(alerts.filter((alert) => alert.sourceId === String(monitor.id))).toHaveLength(1);
  }, 180_000);

  it("does not fire on January against January", async () => {
    const januaryEnd = new Date(januaryRange.to);
    const ctx = { ...systemCtx(testDb.db), now: () => januaryEnd };
    const monitor = await createMonitor(ctx, {
      endpoint: DEMO_ENDPOINT,
      name: "january",
      reference: { type: "range", from: januaryRange.from, to: new Date(januaryEnd.getTime() - 7 * 86_400_000).toISOString() },
      window: "7d",
      cron: "0 * * * *",
      // Wasserstein's default threshold of 0.1 flags weekday mixes that differ within a month, so this
      // check uses p-value tests as a team watching for real shifts would.
      overrides: { distance: { method: "ks" }, dep_hour: { method: "ks" } },
    });
    const report = await runMonitor(ctx, { monitorId: monitor.id });

    expect(report.status).not.toBe("failed");
    expect(report.body.dataset.drifted).toBe(false);
  });

  it("keeps each run in the history", async () => {
    const ctx = ctxAtEndOfData();
    const [monitor] = (await listMonitors(ctx, { endpoint: DEMO_ENDPOINT })).filter((item) => item.name === "january-range");
    await runMonitor({ ...ctx, now: () => new Date(mayEnd) }, { monitorId: monitor.id });

    const reports = await listDriftReports(ctx, { monitorId: monitor.id });
    expect(reports).toHaveLength(2);
    const history = await columnHistory(ctx, { monitorId: monitor.id });
    expect(history.distance).toHaveLength(2);
    // The second firing updates the open alert instead of opening another.
    const alerts = await listAlerts(ctx, { state: "open" });
    expect(alerts.filter((alert) => alert.sourceId === String(monitor.id))[0].fireCount).toBe(2);
  });

  it("stores a failed report for a reference without data", async () => {
    const ctx = ctxAtEndOfData();
    const monitor = await createMonitor(ctx, {
      endpoint: DEMO_ENDPOINT,
      name: "empty-reference",
      reference: { type: "range", from: "2000-01-01T00:00:00Z", to: "2000-02-01T00:00:00Z" },
      window: "24h",
      cron: "0 * * * *",
    });
    const report = await runMonitor(ctx, { monitorId: monitor.id });
    expect(report.status).toBe("no_data");
  });

  it("rejects invalid monitors naming the field", async () => {
    const ctx = ctxAtEndOfData();
    const base = { endpoint: DEMO_ENDPOINT, name: "bad", reference: { type: "version" as const, version: 1 }, window: "7d" as const, cron: "0 * * * *" };
    const cases: [Record<string, unknown>, string][] = [
      [{ cron: "every hour" }, "cron"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ reference: { type: "version", version: 9 } }, "reference.version"],
      [{ driftShare: 0 }, "driftShare"],
      [{ overrides: { distance: { method: "nope" } } }, "overrides.distance.method"],
      [{ reference: { type: "range", from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" } }, "reference.to"],
    ];
    for (const [change, path] of cases) {
      const error = await createMonitor(ctx, { ...base, ...change } as never).catch((caught: unknown) => caught);
      expect(error, path).toBeInstanceOf(KeelError);
      expect((error as KeelError).issues?.map((issue) => issue.path), path).toContain(path);
    }
  });

  it("lets viewers read but not change monitors", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const [monitor] = await listMonitors(viewer.ctx, { endpoint: DEMO_ENDPOINT });
    await expect(updateMonitor(viewer.ctx, { monitorId: monitor.id, changes: { enabled: false } })).rejects.toThrow(KeelError);
    await expect(runMonitor(viewer.ctx, { monitorId: monitor.id })).rejects.toThrow(KeelError);
    await expect(deleteMonitor(viewer.ctx, { monitorId: monitor.id })).rejects.toThrow(KeelError);
  });

  it("updates and deletes with the schedule", async () => {
    const ctx = ctxAtEndOfData();
    const monitor = await createMonitor(ctx, { endpoint: DEMO_ENDPOINT, name: "scheduled", reference: { type: "version", version: 1 }, window: "1h", cron: "0 * * * *" });
    const scheduleOf = async () => {
      const result = await testDb.db.execute(sql`SELECT cron, enabled FROM job_schedules WHERE key = ${`drift-monitor:${monitor.id}`}`);
      return (result as unknown as { rows: { cron: string; enabled: boolean }[] }).rows[0];
    };
    expect(await scheduleOf()).toEqual({ cron: "0 * * * *", enabled: true });

    const updated = await updateMonitor(ctx, { monitorId: monitor.id, changes: { cron: "*/15 * * * *", enabled: false } });
    expect(updated.window).toBe("1h");
    expect(await scheduleOf()).toEqual({ cron: "*/15 * * * *", enabled: false });

    await deleteMonitor(ctx, { monitorId: monitor.id });
    expect(await scheduleOf()).toBeUndefined();
  });
});
