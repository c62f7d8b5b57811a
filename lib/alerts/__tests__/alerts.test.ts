import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alerts, auditLog, jobs, webhookDeliveries, webhooks } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { attemptWebhookDelivery } from "@/lib/webhooks/deliver";
import { requestRetraining } from "@/lib/webhooks/retraining";
import { createWebhook, updateWebhook } from "@/lib/webhooks/targets";
import { startReceiver, type Receiver } from "@/lib/webhooks/__tests__/receiver";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { acknowledgeAlert, fireAlert, resolveAlert, resolveAlertByKey } from "../alerts";
import { countOpenAlerts, listAlerts } from "../queries";
import type { FireAlertInput } from "../schemas";

process.env.KEEL_SECRET ??= "alerts-test-secret-0123456789abcdef0123";

const testDb = useTestDb();
let endpointId: number;
let otherEndpointId: number;
let engineer: TestUser;
let viewer: TestUser;
let receiver: Receiver;
let keyCounter = 0;

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "delay", task: "classification" });
  endpointId = (await createEndpoint(ctx, { name: "delay-prod", model: "delay" })).id;
  otherEndpointId = (await createEndpoint(ctx, { name: "delay-eu", model: "delay" })).id;
  engineer = await createTestUser(testDb.db, "engineer");
  viewer = await createTestUser(testDb.db, "viewer");
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

beforeEach(async () => {
  receiver.requests.length = 0;
  await testDb.db.update(webhooks).set({ enabled: false });
});

const ctx = () => systemCtx(testDb.db);

function firing(overrides: Partial<FireAlertInput> = {}): FireAlertInput {
  keyCounter += 1;
  return {
    endpointId,
    sourceKind: "drift_monitor",
    sourceId: "7",
    dedupeKey: `drift:monitor-7:${keyCounter}`,
    severity: "warning",
    title: "Data drift in distance",
    details: { feature: "distance", stattest: "psi", statistic: 0.31, threshold: 0.2 },
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

async function openAlertsWithKey(dedupeKey: string) {
  return testDb.db.select().from(alerts).where(and(eq(alerts.dedupeKey, dedupeKey), inArray(alerts.state, ["firing", "acknowledged"])));
}

async function alertWebhook(format: "json" | "slack" = "json") {
  return createWebhook(ctx(), { name: `alerts ${format}`, url: `${receiver.origin}/alerts`, format, allowPrivateNetwork: true });
}

describe("fireAlert", () => {
  it("opens an alert", async () => {
    const input = firing();

    const result = await fireAlert(ctx(), input);

    expect(result.opened).toBe(true);
    expect(result.alert).toMatchObject({
      endpointId,
      endpoint: "delay-prod",
      sourceKind: "drift_monitor",
      sourceId: "7",
      dedupeKey: input.dedupeKey,
      severity: "warning",
      state: "firing",
      fireCount: 1,
      details: input.details,
      acknowledgedBy: null,
    });
  });

  it("updates the open alert with the same key", async () => {
    const input = firing();
    const first = await fireAlert(ctx(), input);

    const second = await fireAlert(ctx(), { ...input, title: "Data drift in distance (worse)", details: { statistic: 0.4 } });

    expect(second.opened).toBe(false);
    expect(second.alert.id).toBe(first.alert.id);
    expect(second.alert).toMatchObject({ fireCount: 2, title: "Data drift in distance (worse)", details: { statistic: 0.4 } });
    expect(second.alert.lastFiredAt.getTime()).toBeGreaterThanOrEqual(first.alert.lastFiredAt.getTime());
    expect(await openAlertsWithKey(input.dedupeKey)).toHaveLength(1);
  });

  it("keeps one open alert under concurrent firings", async () => {
    const input = firing();

    const results = await Promise.all(Array.from({ length: 6 }, () => fireAlert(ctx(), input)));

    expect(results.filter((result) => result.opened)).toHaveLength(1);
    expect(new Set(results.map((result) => result.alert.id)).size).toBe(1);
    const open = await openAlertsWithKey(input.dedupeKey);
    expect(open).toHaveLength(1);
    expect(open[0].fireCount).toBe(6);
  });

  it("scopes the dedupe key to the endpoint", async () => {
    const input = firing();

    const first = await fireAlert(ctx(), input);
    const other = await fireAlert(ctx(), { ...input, endpointId: otherEndpointId });

    expect(other.opened).toBe(true);
    expect(other.alert.id).not.toBe(first.alert.id);
  });

  it("opens a new alert after the old one resolved", async () => {
    const input = firing();
    const first = await fireAlert(ctx(), input);
    await resolveAlert(engineer.ctx, { alertId: first.alert.id });

    const next = await fireAlert(ctx(), input);

    expect(next.opened).toBe(true);
    expect(next.alert.id).not.toBe(first.alert.id);
    expect(await openAlertsWithKey(input.dedupeKey)).toHaveLength(1);
  });

  it("updates an acknowledged alert instead of opening one", async () => {
    const input = firing();
    const first = await fireAlert(ctx(), input);
    await acknowledgeAlert(engineer.ctx, { alertId: first.alert.id });

    const again = await fireAlert(ctx(), input);

    expect(again).toMatchObject({ opened: false, alert: { id: first.alert.id, state: "acknowledged", fireCount: 2 } });
  });

  it("enqueues a delivery per enabled alert webhook", async () => {
    const json = await alertWebhook("json");
    const slack = await alertWebhook("slack");
    const disabled = await alertWebhook("json");
    await updateWebhook(ctx(), { webhookId: disabled.id, enabled: false });
    await createWebhook(ctx(), { name: "pipeline", url: `${receiver.origin}/retrain`, purpose: "retraining", allowPrivateNetwork: true });

    const result = await fireAlert(ctx(), firing({ severity: "critical" }));

    expect(result.deliveryIds).toHaveLength(2);
    const rows = await testDb.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, result.deliveryIds));
    expect(rows.map((row) => row.webhookId).sort()).toEqual([json.id, slack.id].sort());
    expect(rows.every((row) => row.eventType === "alert.fired" && row.state === "pending")).toBe(true);
    const queued = await testDb.db.select().from(jobs).where(inArray(jobs.id, rows.map((row) => Number(row.jobId))));
    expect(queued.map((job) => job.name)).toEqual(["webhooks.deliver", "webhooks.deliver"]);

    for (const id of result.deliveryIds) await attemptWebhookDelivery(ctx(), id);
    const bodies = receiver.requests.map((request) => JSON.parse(request.body) as Record<string, any>);
    const jsonBody = bodies.find((body) => body.type === "alert.fired");
    const slackBody = bodies.find((body) => typeof body.text === "string");
    expect(jsonBody?.data).toMatchObject({ reason: "opened", alert: { id: result.alert.id, severity: "critical", endpoint: { name: "delay-prod" } } });
    expect(jsonBody?.data.alert.url).toBe("http://localhost:3000/alerts?state=all&endpoint=delay-prod");
    expect(slackBody?.text).toBe("[CRITICAL] Data drift in distance (endpoint delay-prod)");
    expect(slackBody?.blocks[0].text.text).toContain("<http://localhost:3000/alerts?state=all&endpoint=delay-prod|[CRITICAL] Data drift in distance>");
  });

  it("notifies again only when the severity rises", async () => {
    await alertWebhook();
    const input = firing({ severity: "warning" });

    const opened = await fireAlert(ctx(), input);
    const repeated = await fireAlert(ctx(), input);
    const lowered = await fireAlert(ctx(), { ...input, severity: "info" });
    const escalated = await fireAlert(ctx(), { ...input, severity: "critical" });

    expect(opened.deliveryIds).toHaveLength(1);
    expect(repeated.deliveryIds).toHaveLength(0);
    expect(lowered.deliveryIds).toHaveLength(0);
    expect(escalated.deliveryIds).toHaveLength(1);
    const [row] = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, escalated.deliveryIds[0]));
    expect(row.payload).toMatchObject({ data: { reason: "escalated" } });
  });

  it("rejects an unknown endpoint and invalid input", async () => {
    expect((await caught(fireAlert(ctx(), firing({ endpointId: 999_999 })))).code).toBe("not_found");

    const invalid = await caught(fireAlert(ctx(), firing({ severity: "page" as never, sourceKind: "Drift Monitor", title: "" })));
    expect(invalid.issues.map((issue) => issue.path).sort()).toEqual(["severity", "sourceKind", "title"]);
  });

  it("rejects a viewer", async () => {
    const input = firing();

    expect((await caught(fireAlert(viewer.ctx, input))).code).toBe("forbidden");
    expect(await openAlertsWithKey(input.dedupeKey)).toHaveLength(0);
  });
});

describe("acknowledgeAlert and resolveAlert", () => {
  it("acknowledge records the user and an audit row", async () => {
    const { alert } = await fireAlert(ctx(), firing());

    const acknowledged = await acknowledgeAlert(engineer.ctx, { alertId: alert.id });

    expect(acknowledged).toMatchObject({ state: "acknowledged", acknowledgedBy: { id: engineer.user.id, name: engineer.user.name } });
    expect(acknowledged.acknowledgedAt).toBeInstanceOf(Date);
    const audits = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "alert.acknowledged"), eq(auditLog.targetId, String(alert.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "user", actorId: engineer.user.id, targetType: "alert" });
  });

  it("acknowledging twice changes nothing", async () => {
    const { alert } = await fireAlert(ctx(), firing());
    const first = await acknowledgeAlert(engineer.ctx, { alertId: alert.id });

    const second = await acknowledgeAlert(engineer.ctx, { alertId: alert.id });

    expect(second.acknowledgedAt).toEqual(first.acknowledgedAt);
    const audits = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "alert.acknowledged"), eq(auditLog.targetId, String(alert.id))));
    expect(audits).toHaveLength(1);
  });

  it("resolve records the user and notifies", async () => {
    await alertWebhook();
    const { alert } = await fireAlert(ctx(), firing());

    const resolved = await resolveAlert(engineer.ctx, { alertId: alert.id });

    expect(resolved).toMatchObject({ state: "resolved", resolvedBy: { id: engineer.user.id } });
    const deliveries = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventType, "alert.resolved"));
    expect(deliveries.some((delivery) => (delivery.payload as any).data.alert.id === alert.id)).toBe(true);
    const audits = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "alert.resolved"), eq(auditLog.targetId, String(alert.id))));
    expect(audits).toHaveLength(1);
  });

  it("cannot acknowledge a resolved alert", async () => {
    const { alert } = await fireAlert(ctx(), firing());
    await resolveAlert(engineer.ctx, { alertId: alert.id });

    const error = await caught(acknowledgeAlert(engineer.ctx, { alertId: alert.id }));

    expect(error.code).toBe("conflict");
    expect((await resolveAlert(engineer.ctx, { alertId: alert.id })).state).toBe("resolved");
  });

  it("rejects a viewer and a read key", async () => {
    const { alert } = await fireAlert(ctx(), firing());
    const readKey = await createTestApiKey(testDb.db, ["read"]);

    expect((await caught(resolveAlert(viewer.ctx, { alertId: alert.id }))).code).toBe("forbidden");
    expect((await caught(acknowledgeAlert(viewer.ctx, { alertId: alert.id }))).code).toBe("forbidden");
    expect((await caught(resolveAlert(readKey.ctx, { alertId: alert.id }))).code).toBe("forbidden");
    const [row] = await testDb.db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(row.state).toBe("firing");
  });

  it("accepts an ingest key", async () => {
    const { alert } = await fireAlert(ctx(), firing());
    const ingestKey = await createTestApiKey(testDb.db, ["ingest"]);

    const resolved = await resolveAlert(ingestKey.ctx, { alertId: alert.id });

    expect(resolved).toMatchObject({ state: "resolved", resolvedBy: null });
  });

  it("reports an unknown alert", async () => {
    expect((await caught(resolveAlert(engineer.ctx, { alertId: 999_999 }))).code).toBe("not_found");
  });

  it("resolveAlertByKey resolves the open alert only", async () => {
    const input = firing();
    const { alert } = await fireAlert(ctx(), input);

    const resolved = await resolveAlertByKey(ctx(), { endpointId, dedupeKey: input.dedupeKey, reason: "drift cleared" });
    const none = await resolveAlertByKey(ctx(), { endpointId, dedupeKey: input.dedupeKey });

    expect(resolved).toMatchObject({ id: alert.id, state: "resolved", resolvedBy: null });
    expect(none).toBeNull();
  });
});

describe("listAlerts and countOpenAlerts", () => {
  it("filter by state and endpoint", async () => {
    const firingAlert = (await fireAlert(ctx(), firing({ endpointId: otherEndpointId }))).alert;
    const acknowledged = (await fireAlert(ctx(), firing({ endpointId: otherEndpointId }))).alert;
    const resolved = (await fireAlert(ctx(), firing({ endpointId: otherEndpointId }))).alert;
    await acknowledgeAlert(engineer.ctx, { alertId: acknowledged.id });
    await resolveAlert(engineer.ctx, { alertId: resolved.id });

    const ids = async (state: "open" | "firing" | "acknowledged" | "resolved" | "all") =>
      (await listAlerts(viewer.ctx, { state, endpoint: "delay-eu" })).map((alert) => alert.id);

    expect(await ids("firing")).toContain(firingAlert.id);
    expect(await ids("firing")).not.toContain(acknowledged.id);
    expect(await ids("open")).toEqual(expect.arrayContaining([firingAlert.id, acknowledged.id]));
    expect(await ids("open")).not.toContain(resolved.id);
    expect(await ids("resolved")).toContain(resolved.id);
    expect(await ids("all")).toEqual(expect.arrayContaining([firingAlert.id, acknowledged.id, resolved.id]));
    expect((await listAlerts(viewer.ctx, { endpoint: "delay-prod" })).every((alert) => alert.endpoint === "delay-prod")).toBe(true);
  });

  it("rejects an unknown endpoint filter", async () => {
    expect((await caught(listAlerts(viewer.ctx, { endpoint: "nope" }))).code).toBe("not_found");
  });

  it("counts open and firing alerts", async () => {
    const before = await countOpenAlerts(viewer.ctx);
    const { alert } = await fireAlert(ctx(), firing());
    const afterFire = await countOpenAlerts(viewer.ctx);
    await acknowledgeAlert(engineer.ctx, { alertId: alert.id });
    const afterAcknowledge = await countOpenAlerts(viewer.ctx);
    await resolveAlert(engineer.ctx, { alertId: alert.id });

    expect(afterFire).toEqual({ open: before.open + 1, firing: before.firing + 1 });
    expect(afterAcknowledge).toEqual({ open: before.open + 1, firing: before.firing });
    expect(await countOpenAlerts(viewer.ctx)).toEqual(before);
  });
});

describe("requestRetraining", () => {
  it("posts the evidence to retraining webhooks", async () => {
    const pipeline = await createWebhook(ctx(), { name: "training pipeline", url: `${receiver.origin}/retrain`, purpose: "retraining", allowPrivateNetwork: true });
    await alertWebhook();

    const result = await requestRetraining(engineer.ctx, { endpointId, reason: "PSI above 0.2 on distance", evidence: { distance: { psi: 0.31 } } });

    expect(result.deliveryIds).toHaveLength(1);
    await attemptWebhookDelivery(ctx(), result.deliveryIds[0]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].path).toBe("/retrain");
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
      type: "retraining.requested",
      data: { endpoint: { id: endpointId, name: "delay-prod" }, reason: "PSI above 0.2 on distance", evidence: { distance: { psi: 0.31 } } },
    });
    await updateWebhook(ctx(), { webhookId: pipeline.id, enabled: false });
  });

  it("reports a missing retraining webhook", async () => {
    const error = await caught(requestRetraining(engineer.ctx, { endpointId, reason: "drift", evidence: {} }));

    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("Settings → Webhooks");
  });

  it("rejects a viewer", async () => {
    expect((await caught(requestRetraining(viewer.ctx, { endpointId, reason: "drift", evidence: {} }))).code).toBe("forbidden");
  });
});
