import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { predictionBatchSchema } from "@/lib/ingest/schemas";
import { createMonitor, listMonitors } from "@/lib/monitors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";

// The server actions and route handlers run their real role checks and parsing. Only the next-auth
// session lookup, the process database handle and Next.js cache revalidation are replaced.
const session = vi.hoisted(() => ({ userId: undefined as number | undefined, handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { userId: session.userId } : null) }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.KEEL_SECRET ??= "drift-actions-test-secret-0123456789abcdef0123";

const actions = await import("@/app/(app)/endpoints/[endpoint]/drift/actions");
const monitorsRoute = await import("@/app/api/v1/monitors/route");
const { config } = await import("@/lib/config");

const ENDPOINT = "actions-prod";
const HOUR_MS = 3_600_000;
const testDb = useTestDb();
let viewer: TestUser;
let engineer: TestUser;
let monitorId: number;

const now = Date.now();
const reference = { type: "range" as const, from: new Date(now - 50 * HOUR_MS).toISOString(), to: new Date(now - 48 * HOUR_MS).toISOString() };
const monitorInput = { endpoint: ENDPOINT, name: "actions", reference, window: "24h" as const, cron: "0 * * * *" };

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  viewer = await createTestUser(testDb.db, "viewer");
  engineer = await createTestUser(testDb.db, "engineer");
  await createModel(ctx, { name: "actions", task: "classification" });
  await createModelVersion(ctx, { model: "actions" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "actions", productionVersion: 1 });

  const records = Array.from({ length: 40 }, (_, index) => ({
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId: `r-${index}`,
    // Half in the reference range, half in the last hour.
    timestamp: new Date(index < 20 ? now - 49 * HOUR_MS + index * 60_000 : now - HOUR_MS + index * 60_000).toISOString(),
    // Ten distinct values, because Keel tests a numerical column with five or fewer as categorical.
    features: { x: index < 20 ? index % 10 : (index % 10) + 20 },
    prediction: index % 2,
  }));
  await ingestPredictions(ctx, predictionBatchSchema.parse({ records }));
  monitorId = (await createMonitor(ctx, monitorInput)).id;
});

beforeEach(() => {
  session.handle = testDb.handle;
  session.userId = undefined;
});

describe("drift server actions", () => {
  it("reject a viewer", async () => {
    session.userId = viewer.user.id;
    const forbidden = { ok: false, message: 'This action requires the "engineer" role or higher.' };

    expect(await actions.runMonitorAction({ monitorId })).toMatchObject(forbidden);
    expect(await actions.requestRetrainingAction({ reportId: 1 })).toMatchObject(forbidden);
    expect(await actions.createMonitorAction({ ...monitorInput, name: "viewer" })).toMatchObject(forbidden);
    expect(await actions.updateMonitorAction({ monitorId, changes: { enabled: false } })).toMatchObject(forbidden);
    expect(await actions.deleteMonitorAction({ monitorId })).toMatchObject(forbidden);
    expect(await listMonitors(systemCtx(testDb.db), { endpoint: ENDPOINT })).toHaveLength(1);
  });

  it("return create errors by field", async () => {
    session.userId = engineer.user.id;

    const result = await actions.createMonitorAction({ ...monitorInput, name: "", driftShare: 2 });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["driftShare", "name"]);
  });

  it("return update errors under the form's field paths", async () => {
    session.userId = engineer.user.id;

    const invalid = await actions.updateMonitorAction({ monitorId, changes: { window: "2d" } });
    const unknownZone = await actions.updateMonitorAction({ monitorId, changes: { timezone: "Mars/Olympus" } });

    expect(invalid.ok ? [] : Object.keys(invalid.fieldErrors)).toEqual(["window"]);
    expect(unknownZone.ok ? [] : Object.keys(unknownZone.fieldErrors)).toEqual(["timezone"]);
  });

  it("return a taken name on the name field", async () => {
    session.userId = engineer.user.id;
    const other = await actions.createMonitorAction({ ...monitorInput, name: "other" });
    if (!other.ok) throw new Error(other.message);

    const renamed = await actions.updateMonitorAction({ monitorId: other.data.id, changes: { name: "actions" } });
    await actions.deleteMonitorAction({ monitorId: other.data.id });

    expect(renamed.ok).toBe(false);
    expect(renamed.ok ? {} : renamed.fieldErrors).toEqual({ name: ["already used on this endpoint"] });
  });

  it("run a monitor for an engineer", async () => {
    session.userId = engineer.user.id;

    const result = await actions.runMonitorAction({ monitorId });

    expect(result).toMatchObject({ ok: true, data: { status: "drift", error: null } });
  });

  it("show why retraining cannot be requested", async () => {
    session.userId = engineer.user.id;
    const run = await actions.runMonitorAction({ monitorId });
    if (!run.ok) throw new Error(run.message);

    const result = await actions.requestRetrainingAction({ reportId: run.data.reportId });

    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain("No retraining webhook is enabled");
  });

  it("create, change and delete for an engineer", async () => {
    session.userId = engineer.user.id;

    const created = await actions.createMonitorAction({ ...monitorInput, name: "short-lived" });
    if (!created.ok) throw new Error(created.message);
    const updated = await actions.updateMonitorAction({ monitorId: created.data.id, changes: { cron: "*/15 * * * *" } });
    const deleted = await actions.deleteMonitorAction({ monitorId: created.data.id });

    expect(updated).toMatchObject({ ok: true, data: { cron: "*/15 * * * *" } });
    expect(deleted).toEqual({ ok: true, data: { endpoint: ENDPOINT } });
    expect((await listMonitors(systemCtx(testDb.db), { endpoint: ENDPOINT })).map((monitor) => monitor.name)).toEqual(["actions"]);
  });
});

describe("POST /api/v1/monitors with a session", () => {
  it("rejects a viewer with 403", async () => {
    session.userId = viewer.user.id;
    const request = new Request("http://localhost:3000/api/v1/monitors", {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(config().publicUrl).origin },
      body: JSON.stringify({ ...monitorInput, name: "session-viewer" }),
    });

    const response = await monitorsRoute.POST(request, { params: Promise.resolve({}) });

    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('the "engineer" role');
  });
});
