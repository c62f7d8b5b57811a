import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { api } from "../api-client";
import { sessionFetch, signInSession, type Session } from "../session";

const suffix = randomBytes(3).toString("hex");
const MODEL = `promo-model-${suffix}`;
const ENDPOINT = `promo-endpoint-${suffix}`;

// Checks that need no live traffic, so a request can pass them without shadow logs.
const OFFLINE_ONLY = {
  offlineMetric: { metric: "roc_auc", maxDrop: 0.01, higherIsBetter: true },
  shadowLatency: null,
  drift: null,
  agreement: null,
  humanReview: null,
  shadowDuration: null,
  requiredApprovals: 1,
  expiresAfterHours: 24,
};

async function json(response: Promise<Response>) {
  const resolved = await response;
  return { status: resolved.status, body: (await resolved.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json(api("/api/v1/api-keys", { method: "POST", json: { name: `promotions ${scopes}`, scopes } }));
  expect(created.status).toBe(201);
  return created.body.key as string;
}

let admin: Session;
let ingestKey: string;
let readKey: string;
let nextVersion = 2;

/** Registers the next version with roc_auc 0.72, moves it to shadow, and opens a request with the ingest key. */
async function openRequest(): Promise<number> {
  const version = nextVersion++;
  expect((await json(api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.72 }, artifactUri: `s3://models/${version}` } }))).status).toBe(201);
  for (const stage of ["candidate", "shadow"]) {
    expect((await json(api(`/api/v1/models/${MODEL}/versions/${version}/stage`, { method: "POST", json: { stage } }))).status).toBe(200);
  }
  const opened = await json(api("/api/v1/promotions", { method: "POST", apiKey: ingestKey, json: { endpoint: ENDPOINT, version, reason: "Retrained." } }));
  expect(opened.status).toBe(201);
  return opened.body.id as number;
}

/** Waits until the background job has evaluated the request's checks. */
async function evaluated(id: number): Promise<Record<string, any>> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const read = await json(api(`/api/v1/promotions/${id}`));
    if (read.body.checksEvaluatedAt) return read.body;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The checks of promotion request ${id} were not evaluated within 30 s.`);
}

beforeAll(async () => {
  expect((await json(api("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } }))).status).toBe(201);
  expect((await json(api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.71 } } }))).status).toBe(201);
  expect((await json(api("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } }))).status).toBe(201);
  expect((await json(api(`/api/v1/models/${MODEL}/gate-policy`, { method: "PUT", json: OFFLINE_ONLY }))).status).toBe(200);
  ingestKey = await createKey(["ingest"]);
  readKey = await createKey(["read"]);
  admin = await signInSession(inject("keelAdminEmail"), inject("keelAdminPassword"));
});

describe("version registration", () => {
  for (const artifactUri of ["file:///etc/passwd", "../model.pkl", "/models/a.pkl", "ftp://host/model"]) {
    it(`rejects artifact URI ${artifactUri}`, async () => {
      const response = await json(api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { artifactUri } }));
      expect(response.status).toBe(422);
      expect(response.body.error.issues[0].path).toBe("artifactUri");
    });
  }

  it("refuses production through the stage route", async () => {
    const response = await json(api(`/api/v1/models/${MODEL}/versions/1/stage`, { method: "POST", json: { stage: "production" } }));
    expect(response.status).toBe(422);
    expect(response.body.error.issues[0].path).toBe("stage");
  });
});

describe("POST /api/v1/promotions", () => {
  it("rejects a read key", async () => {
    const response = await api("/api/v1/promotions", { method: "POST", apiKey: readKey, json: { endpoint: ENDPOINT, version: 1, reason: "x" } });
    expect(response.status).toBe(403);
  });

  it("names an invalid target", async () => {
    const response = await json(api("/api/v1/promotions", { method: "POST", apiKey: ingestKey, json: { endpoint: ENDPOINT, version: 1, reason: "x", targetStage: "live" } }));
    expect(response.status).toBe(422);
    expect(response.body.error.issues[0].path).toBe("targetStage");
  });
});

describe("decisions over HTTP", () => {
  it("long-poll returns on approval", async () => {
    const id = await openRequest();
    await evaluated(id);

    const started = Date.now();
    const waiting = json(api(`/api/v1/promotions/${id}?wait=30`, { apiKey: readKey, signal: AbortSignal.timeout(60_000) }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const decided = await json(sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "approve" } }));
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe("approved");

    const polled = await waiting;
    expect(polled.body.state).toBe("approved");
    expect(Date.now() - started).toBeLessThan(20_000);

    const endpoint = await json(api(`/api/v1/endpoints/${ENDPOINT}`));
    expect(endpoint.body.productionVersion).toBe(decided.body.version);
  });

  it("long-poll times out pending", async () => {
    const id = await openRequest();
    const started = Date.now();
    const polled = await json(api(`/api/v1/promotions/${id}?wait=2`));
    expect(polled.body.state).toBe("pending");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it("rejects wait above 60", async () => {
    const response = await api(`/api/v1/promotions/1?wait=61`);
    expect(response.status).toBe(422);
  });

  it("refuses API keys deciding", async () => {
    const id = await openRequest();
    await evaluated(id);
    const ingest = await api(`/api/v1/promotions/${id}/decision`, { method: "POST", apiKey: ingestKey, json: { decision: "approve" } });
    expect(ingest.status).toBe(403);
    const adminKey = await api(`/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "approve" } });
    expect(adminKey.status).toBe(403);
  });

  it("refuses self-approval", async () => {
    const version = nextVersion++;
    await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.72 } } });
    for (const stage of ["candidate", "shadow"]) await api(`/api/v1/models/${MODEL}/versions/${version}/stage`, { method: "POST", json: { stage } });
    const opened = await json(sessionFetch(admin, "/api/v1/promotions", { method: "POST", json: { endpoint: ENDPOINT, version, reason: "Mine." } }));
    expect(opened.status).toBe(201);
    await evaluated(opened.body.id);

    const response = await json(sessionFetch(admin, `/api/v1/promotions/${opened.body.id}/decision`, { method: "POST", json: { decision: "approve" } }));
    expect(response.status).toBe(403);
  });

  it("reject needs a comment", async () => {
    const id = await openRequest();
    const missing = await json(sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "reject" } }));
    expect(missing.status).toBe(422);
    expect(missing.body.error.issues[0].path).toBe("comment");

    const rejected = await json(sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "reject", comment: "Not yet." } }));
    expect(rejected.body.state).toBe("rejected");
    const thread = await json(api(`/api/v1/promotions/${id}/comments`));
    expect(thread.body.decisions[0]).toMatchObject({ decision: "reject", comment: "Not yet." });
  });

  it("rolls back", async () => {
    const id = await openRequest();
    await evaluated(id);
    const before = await json(api(`/api/v1/endpoints/${ENDPOINT}`));
    await sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "approve" } });

    const rolledBack = await json(sessionFetch(admin, `/api/v1/promotions/${id}/rollback`, { method: "POST" }));
    expect(rolledBack.status).toBe(200);
    const after = await json(api(`/api/v1/endpoints/${ENDPOINT}`));
    expect(after.body.productionVersion).toBe(before.body.productionVersion);
  });
});
