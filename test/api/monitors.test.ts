import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../api-client";

const suffix = randomBytes(3).toString("hex");
const MODEL = `monitor-model-${suffix}`;
const ENDPOINT = `monitor-endpoint-${suffix}`;
const HOUR_MS = 3_600_000;

type Issue = { path: string; message: string };

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `monitor test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

/** Logs `count` labeled predictions in the hour before `end`; `shift` moves feature `x` up. */
async function logPredictions(prefix: string, end: number, count: number, shift: number) {
  const records = Array.from({ length: count }, (_, index) => ({
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId: `${prefix}-${index}`,
    timestamp: new Date(end - HOUR_MS + (index * HOUR_MS) / count).toISOString(),
    features: { x: (index % 10) + shift, carrier: index % 3 === 0 ? "AA" : "UA" },
    prediction: index % 2,
    score: index % 2 === 0 ? 0.3 : 0.7,
  }));
  const labels = records.map((record) => ({ endpoint: ENDPOINT, requestId: record.requestId, label: record.prediction, timestamp: record.timestamp }));
  expect((await json("/api/v1/predictions", { method: "POST", json: { records } })).status).toBe(200);
  expect((await json("/api/v1/labels", { method: "POST", json: { records: labels } })).status).toBe(200);
}

const now = Date.now();
const referenceRange = { from: new Date(now - 50 * HOUR_MS).toISOString(), to: new Date(now - 48 * HOUR_MS).toISOString() };
const validMonitor = { endpoint: ENDPOINT, name: "range", reference: { type: "range", ...referenceRange }, window: "24h", cron: "0 * * * *" };
let monitorId: number;
let reportId: number;

beforeAll(async () => {
  expect((await json("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  expect((await json(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: {} })).status).toBe(201);
  expect((await json("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);
  await logPredictions("ref", now - 48 * HOUR_MS, 60, 0);
  await logPredictions("cur", now - 60_000, 60, 6);
});

describe("POST /api/v1/monitors", () => {
  it("creates a monitor with 201", async () => {
    const { status, body } = await json("/api/v1/monitors", { method: "POST", json: validMonitor });

    expect(status).toBe(201);
    expect(body).toMatchObject({ endpoint: ENDPOINT, name: "range", window: "24h", timezone: "UTC", driftShare: 0.5, enabled: true });
    monitorId = body.id;
  });

  it("rejects invalid fields with 422 naming each", async () => {
    const { status, body } = await json("/api/v1/monitors", { method: "POST", json: { ...validMonitor, name: "", window: "2d", driftShare: 0 } });

    expect(status).toBe(422);
    expect(body.error.issues.map((issue: Issue) => issue.path).sort()).toEqual(["driftShare", "name", "window"]);
  });

  it("rejects an invalid cron expression with 422", async () => {
    const { status, body } = await json("/api/v1/monitors", { method: "POST", json: { ...validMonitor, name: "bad-cron", cron: "every hour" } });

    expect(status).toBe(422);
    expect(body.error.issues.map((issue: Issue) => issue.path)).toEqual(["cron"]);
  });

  it("rejects a version without a training profile with 422", async () => {
    const { status, body } = await json("/api/v1/monitors", {
      method: "POST",
      json: { ...validMonitor, name: "profile", reference: { type: "version", version: 1 } },
    });

    expect(status).toBe(422);
    expect(body.error.issues.map((issue: Issue) => issue.path)).toEqual(["reference.version"]);
  });

  it("rejects a second monitor of the same name with 409", async () => {
    const { status, body } = await json("/api/v1/monitors", { method: "POST", json: validMonitor });

    expect(status).toBe(409);
    expect(body.error.issues[0].path).toBe("name");
  });
});

describe("monitor runs and reports", () => {
  it("runs a monitor and returns its report with 201", async () => {
    const { status, body } = await json(`/api/v1/monitors/${monitorId}/run`, { method: "POST" });

    expect(status).toBe(201);
    expect(body.status).toBe("drift");
    expect(body.currentRows).toBe(60);
    expect(body.body.features.map((feature: { column: string }) => feature.column).sort()).toEqual(["carrier", "x"]);
    reportId = body.id;
  });

  it("lists the monitor's reports without distributions", async () => {
    const { status, body } = await json(`/api/v1/monitors/${monitorId}/reports?limit=5`);

    expect(status).toBe(200);
    expect(body.reports.map((report: { id: number }) => report.id)).toEqual([reportId]);
    expect(body.reports[0]).not.toHaveProperty("body");
    expect(body.reports[0].dataset.threshold).toBe(0.5);
  });

  it("reads one report with its distributions", async () => {
    const { status, body } = await json(`/api/v1/drift-reports/${reportId}`);

    expect(status).toBe(200);
    expect(body.monitorId).toBe(monitorId);
    expect(body.body.features[0].distribution.reference.length).toBeGreaterThan(0);
  });

  it("rejects an invalid report filter with 422", async () => {
    const { status, body } = await json(`/api/v1/monitors/${monitorId}/reports?since=yesterday`);

    expect(status).toBe(422);
    expect(body.error.issues.map((issue: Issue) => issue.path)).toEqual(["since"]);
  });

  it("returns 404 for the reports of an unknown monitor", async () => {
    expect((await json("/api/v1/monitors/999999/reports")).status).toBe(404);
    expect((await json("/api/v1/drift-reports/999999")).status).toBe(404);
  });
});

describe("reading, changing and deleting monitors", () => {
  it("lists the endpoint's monitors", async () => {
    const { status, body } = await json(`/api/v1/monitors?endpoint=${ENDPOINT}`);

    expect(status).toBe(200);
    expect(body.monitors.map((monitor: { id: number }) => monitor.id)).toEqual([monitorId]);
  });

  it("changes the schedule", async () => {
    const { status, body } = await json(`/api/v1/monitors/${monitorId}`, { method: "PATCH", json: { cron: "*/30 * * * *", enabled: false } });

    expect(status).toBe(200);
    expect(body).toMatchObject({ id: monitorId, cron: "*/30 * * * *", enabled: false, window: "24h" });
  });

  it("rejects an unknown time zone with 422", async () => {
    const { status, body } = await json(`/api/v1/monitors/${monitorId}`, { method: "PATCH", json: { timezone: "Mars/Olympus" } });

    expect(status).toBe(422);
    expect(body.error.issues.map((issue: Issue) => issue.path)).toEqual(["timezone"]);
  });

  it("deletes the monitor and its reports", async () => {
    const created = await json("/api/v1/monitors", { method: "POST", json: { ...validMonitor, name: "to-delete" } });
    const id = created.body.id as number;
    const run = await json(`/api/v1/monitors/${id}/run`, { method: "POST" });

    const deleted = await json(`/api/v1/monitors/${id}`, { method: "DELETE" });

    expect(deleted.status).toBe(200);
    expect(deleted.body.name).toBe("to-delete");
    expect((await json(`/api/v1/monitors/${id}`)).status).toBe(404);
    expect((await json(`/api/v1/drift-reports/${run.body.id}`)).status).toBe(404);
  });

  it("is in the OpenAPI document", async () => {
    const document = (await json("/api/v1/openapi.json", { apiKey: null })).body;

    expect(document.paths["/monitors"].post["x-keel-scope"]).toBe("admin");
    expect(document.paths["/monitors/{monitorId}/reports"].get["x-keel-scope"]).toBe("read");
    expect(document.paths["/monitors"].post.requestBody.content["application/json"].schema.required).toContain("cron");
  });
});

describe("monitor access", () => {
  it("lets a read key read but not change monitors", async () => {
    const readKey = await createKey(["read"]);

    expect((await json(`/api/v1/monitors/${monitorId}`, { apiKey: readKey })).status).toBe(200);
    expect((await json(`/api/v1/monitors/${monitorId}/reports`, { apiKey: readKey })).status).toBe(200);
    expect((await json("/api/v1/monitors", { method: "POST", json: { ...validMonitor, name: "viewer" }, apiKey: readKey })).status).toBe(403);
    expect((await json(`/api/v1/monitors/${monitorId}/run`, { method: "POST", apiKey: readKey })).status).toBe(403);
    expect((await json(`/api/v1/monitors/${monitorId}`, { method: "PATCH", json: { enabled: true }, apiKey: readKey })).status).toBe(403);
    expect((await json(`/api/v1/monitors/${monitorId}`, { method: "DELETE", apiKey: readKey })).status).toBe(403);
  });

  it("rejects an ingest key on reads", async () => {
    const ingestKey = await createKey(["ingest"]);

    expect((await json(`/api/v1/drift-reports/${reportId}`, { apiKey: ingestKey })).status).toBe(403);
  });
});
