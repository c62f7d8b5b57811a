import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fireAlert } from "@/lib/alerts";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { listWebhooks } from "@/lib/webhooks";
import { startReceiver } from "@/lib/webhooks/__tests__/receiver";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestApiKey, type TestUser } from "@/test/fixtures";

// The route handlers and server actions run their real authentication, role checks and parsing. Only the
// next-auth session lookup, the process database handle and Next.js cache revalidation are replaced.
const session = vi.hoisted(() => ({ userId: undefined as number | undefined, handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { userId: session.userId } : null) }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.KEEL_SECRET ??= "routes-test-secret-0123456789abcdef012345";

const alertsRoute = await import("@/app/api/v1/alerts/route");
const acknowledgeRoute = await import("@/app/api/v1/alerts/[alertId]/acknowledge/route");
const resolveRoute = await import("@/app/api/v1/alerts/[alertId]/resolve/route");
const webhooksRoute = await import("@/app/api/v1/webhooks/route");
const webhookRoute = await import("@/app/api/v1/webhooks/[webhookId]/route");
const testRoute = await import("@/app/api/v1/webhooks/[webhookId]/test/route");
const deliveriesRoute = await import("@/app/api/v1/webhooks/[webhookId]/deliveries/route");
const alertActions = await import("@/app/(app)/alerts/actions");
const webhookActions = await import("@/app/(app)/settings/webhooks/actions");

const testDb = useTestDb();
let readKey: TestApiKey;
let ingestKey: TestApiKey;
let adminKey: TestApiKey;
let admin: TestUser;
let viewer: TestUser;
let endpointId: number;

beforeAll(async () => {
  readKey = await createTestApiKey(testDb.db, ["read"]);
  ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
  adminKey = await createTestApiKey(testDb.db, ["admin"]);
  admin = await createTestUser(testDb.db, "admin");
  viewer = await createTestUser(testDb.db, "viewer");
  await createModel(systemCtx(testDb.db), { name: "delay", task: "classification" });
  endpointId = (await createEndpoint(systemCtx(testDb.db), { name: "delay-prod", model: "delay" })).id;
});

beforeEach(() => {
  session.handle = testDb.handle;
  session.userId = undefined;
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, options: { path: string; method?: string; key?: TestApiKey; json?: unknown; params?: Record<string, string> }) {
  const headers = new Headers();
  if (options.key) headers.set("authorization", `Bearer ${options.key.key}`);
  if (options.json !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`http://localhost:3000${options.path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });

  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

let keyCounter = 0;
async function openAlert() {
  keyCounter += 1;
  const { alert } = await fireAlert(systemCtx(testDb.db), {
    endpointId,
    sourceKind: "drift_monitor",
    dedupeKey: `route-test-${keyCounter}`,
    severity: "critical",
    title: "Prediction drift",
  });
  return alert;
}

describe("alerts API", () => {
  it("lists alerts with a read key", async () => {
    const alert = await openAlert();

    const response = await call(alertsRoute.GET, { path: "/api/v1/alerts?state=firing&endpoint=delay-prod", key: readKey });

    expect(response.status).toBe(200);
    expect(response.body.alerts.map((listed: { id: number }) => listed.id)).toContain(alert.id);
  });

  it("rejects an invalid filter", async () => {
    const response = await call(alertsRoute.GET, { path: "/api/v1/alerts?state=burning&colour=red", key: readKey });

    expect(response.status).toBe(422);
    expect(response.body.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["(body)", "state"]);
  });

  it("requires a key", async () => {
    expect((await call(alertsRoute.GET, { path: "/api/v1/alerts" })).status).toBe(401);
  });

  it("acknowledges and resolves with an ingest key", async () => {
    const alert = await openAlert();
    const params = { alertId: String(alert.id) };

    const acknowledged = await call(acknowledgeRoute.POST, { path: `/api/v1/alerts/${alert.id}/acknowledge`, method: "POST", key: ingestKey, params });
    const resolved = await call(resolveRoute.POST, { path: `/api/v1/alerts/${alert.id}/resolve`, method: "POST", key: ingestKey, params });

    expect(acknowledged).toMatchObject({ status: 200, body: { id: alert.id, state: "acknowledged" } });
    expect(resolved).toMatchObject({ status: 200, body: { id: alert.id, state: "resolved" } });
  });

  it("rejects a read key on resolve", async () => {
    const alert = await openAlert();

    const response = await call(resolveRoute.POST, { path: "/x", method: "POST", key: readKey, params: { alertId: String(alert.id) } });

    expect(response.status).toBe(403);
  });

  it("reports bad and unknown ids", async () => {
    expect((await call(resolveRoute.POST, { path: "/x", method: "POST", key: ingestKey, params: { alertId: "abc" } })).status).toBe(422);
    expect((await call(resolveRoute.POST, { path: "/x", method: "POST", key: ingestKey, params: { alertId: "999999" } })).status).toBe(404);
  });
});

describe("webhooks API", () => {
  it("creates, reads, changes and deletes a webhook", async () => {
    const created = await call(webhooksRoute.POST, {
      path: "/api/v1/webhooks",
      method: "POST",
      key: adminKey,
      json: { name: "pager", url: "https://8.8.8.8/hook", format: "slack" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const params = { webhookId: String(created.body.id) };

    const listed = await call(webhooksRoute.GET, { path: "/api/v1/webhooks", key: adminKey });
    const read = await call(webhookRoute.GET, { path: "/x", key: adminKey, params });
    const patched = await call(webhookRoute.PATCH, { path: "/x", method: "PATCH", key: adminKey, params, json: { enabled: false } });
    const deleted = await call(webhookRoute.DELETE, { path: "/x", method: "DELETE", key: adminKey, params });
    const afterDelete = await call(webhookRoute.GET, { path: "/x", key: adminKey, params });

    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect(listed.body.webhooks.map((webhook: { id: number }) => webhook.id)).toContain(created.body.id);
    expect(read.body).not.toHaveProperty("secret");
    expect(patched.body).toMatchObject({ enabled: false });
    expect(deleted.status).toBe(200);
    expect(afterDelete.status).toBe(404);
  });

  it("rejects a loopback URL beside the url field", async () => {
    const response = await call(webhooksRoute.POST, {
      path: "/api/v1/webhooks",
      method: "POST",
      key: adminKey,
      json: { name: "local", url: "http://127.0.0.1:8080/hook" },
    });

    expect(response.status).toBe(422);
    expect(response.body.error.issues[0].path).toBe("url");
    expect(response.body.error.message).toContain("ask an admin to allow private network targets");
  });

  it("rejects non-admin keys", async () => {
    const json = { name: "x", url: "https://8.8.8.8/hook" };

    expect((await call(webhooksRoute.POST, { path: "/x", method: "POST", key: ingestKey, json })).status).toBe(403);
    expect((await call(webhooksRoute.GET, { path: "/x", key: readKey })).status).toBe(403);
  });

  it("sends a test and lists the delivery", async () => {
    const receiver = await startReceiver();
    try {
      const created = await call(webhooksRoute.POST, {
        path: "/x",
        method: "POST",
        key: adminKey,
        json: { name: "local", url: `${receiver.origin}/hook`, allowPrivateNetwork: true },
      });
      const params = { webhookId: String(created.body.id) };

      const tested = await call(testRoute.POST, { path: "/x", method: "POST", key: adminKey, params });
      const deliveries = await call(deliveriesRoute.GET, { path: "/x?limit=5", key: adminKey, params });

      expect(tested).toMatchObject({ status: 200, body: { state: "delivered", statusCode: 204, attempts: 1 } });
      expect(receiver.requests).toHaveLength(1);
      expect(deliveries.body.deliveries).toHaveLength(1);
      expect(deliveries.body.deliveries[0]).toMatchObject({ eventType: "webhook.test", state: "delivered" });
    } finally {
      await receiver.close();
    }
  });
});

describe("server actions", () => {
  it("let a viewer neither resolve alerts nor create webhooks", async () => {
    session.userId = viewer.user.id;
    const alert = await openAlert();
    const before = await listWebhooks(systemCtx(testDb.db));

    const resolved = await alertActions.resolveAlertAction({ alertId: alert.id });
    const created = await webhookActions.createWebhookAction({ name: "x", url: "https://8.8.8.8/hook" });

    expect(resolved).toMatchObject({ ok: false, message: 'This action requires the "engineer" role or higher.' });
    expect(created).toMatchObject({ ok: false, message: 'This action requires the "admin" role or higher.' });
    expect(await listWebhooks(systemCtx(testDb.db))).toHaveLength(before.length);
  });

  it("return URL errors by field", async () => {
    session.userId = admin.user.id;

    const result = await webhookActions.createWebhookAction({ name: "", url: "http://localhost:1/hook" });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual(["name"]);

    const rejected = await webhookActions.createWebhookAction({ name: "local", url: "http://localhost:1/hook" });
    expect(rejected.ok).toBe(false);
    if (rejected.ok) return;
    expect(rejected.fieldErrors.url?.[0]).toContain("a loopback address");
  });

  it("toggle, test and delete for an admin", async () => {
    session.userId = admin.user.id;
    const closed = await startReceiver();
    await closed.close();
    const created = await webhookActions.createWebhookAction({ name: "closed", url: `${closed.origin}/hook`, allowPrivateNetwork: true });
    if (!created.ok) throw new Error(created.message);
    const webhookId = created.data.id;

    const disabled = await webhookActions.setWebhookEnabledAction({ webhookId, enabled: false });
    const tested = await webhookActions.sendTestWebhookAction({ webhookId });
    const deleted = await webhookActions.deleteWebhookAction({ webhookId });

    expect(disabled).toMatchObject({ ok: true, data: { enabled: false } });
    expect(tested).toMatchObject({ ok: true, data: { state: "failed", attempts: 1 } });
    if (!tested.ok) throw new Error(tested.message);
    expect(tested.data.error).toContain("ECONNREFUSED");
    expect(deleted).toMatchObject({ ok: true });
  });

  it("acknowledge an alert for an engineer", async () => {
    const engineer = await createTestUser(testDb.db, "engineer");
    session.userId = engineer.user.id;
    const alert = await openAlert();

    const result = await alertActions.acknowledgeAlertAction({ alertId: alert.id });

    expect(result).toMatchObject({ ok: true, data: { state: "acknowledged", acknowledgedBy: { id: engineer.user.id } } });
  });
});
