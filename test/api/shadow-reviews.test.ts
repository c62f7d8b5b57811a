import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "../api-client";
import { sessionFetch, signIn } from "./session";

const suffix = randomBytes(3).toString("hex");
const MODEL = `shadow-model-${suffix}`;
const ENDPOINT = `shadow-endpoint-${suffix}`;
const base = `/api/v1/endpoints/${ENDPOINT}`;

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `shadow test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

let readKey: string;

beforeAll(async () => {
  expect((await json("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  for (let i = 0; i < 2; i++) expect((await json(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: {} })).status).toBe(201);
  expect((await json("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);
  readKey = await createKey(["read"]);

  // Ten requests a minute apart; the candidate disagrees on the first four.
  const start = Date.now() - 20 * 60_000;
  const records = [];
  for (let i = 0; i < 10; i++) {
    const common = { endpoint: ENDPOINT, requestId: `r-${i}`, timestamp: new Date(start + i * 60_000).toISOString(), features: { distance: i * 100 } };
    records.push({ ...common, modelVersion: 1, prediction: 0, latencyMs: 10 });
    records.push({ ...common, modelVersion: 2, mode: "shadow", prediction: i < 4 ? 1 : 0, latencyMs: 20 });
  }
  expect((await json("/api/v1/predictions", { method: "POST", json: { records } })).status).toBe(200);
});

describe("GET /endpoints/{endpoint}/shadow", () => {
  it("returns agreement and latency", async () => {
    const { status, body } = await json(`${base}/shadow?version=2`, { apiKey: readKey });
    expect(status).toBe(200);
    expect(body.pairs).toBe(10);
    expect(body.agreementRate).toBeCloseTo(0.6, 12);
    expect(body.candidateLatencyP95Ms).toBeCloseTo(20, 9);
  });

  it("rejects a missing version with 422", async () => {
    const { status, body } = await json(`${base}/shadow`, { apiKey: readKey });
    expect(status).toBe(422);
    expect(body.error.issues[0].path).toBe("version");
  });
});

describe("canary over HTTP", () => {
  it("sets a weight that assignment honours", async () => {
    const ingestKey = await createKey(["ingest"]);
    expect((await json(`${base}/canary`, { method: "PUT", json: { version: 2, weight: 1 }, apiKey: readKey })).status).toBe(403);

    const set = await json(`${base}/canary`, { method: "PUT", json: { version: 2, weight: 1, guardrails: { maxLatencyP95Ms: 500 } }, apiKey: ingestKey });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ version: 2, weight: 1, guardrails: { maxLatencyP95Ms: 500, minSamples: 100, windowMinutes: 60 } });

    const assigned = await json(`${base}/assign`, { method: "POST", json: { unitId: "user-1" }, apiKey: ingestKey });
    expect(assigned.body).toEqual({ modelVersion: 2, mode: "canary" });
    expect((await json(`${base}/assign`, { method: "POST", json: { unitId: "user-1" }, apiKey: readKey })).status).toBe(403);

    await json(`${base}/canary`, { method: "PUT", json: { version: 2, weight: 0 }, apiKey: ingestKey });
    const stopped = await json(`${base}/assign`, { method: "POST", json: { unitId: "user-1" }, apiKey: ingestKey });
    expect(stopped.body).toEqual({ modelVersion: 1, mode: "production" });

    const comparison = await json(`${base}/canary/comparison?version=2`, { apiKey: readKey });
    expect(comparison.status).toBe(200);
    expect(comparison.body.production.requests).toBe(10);
  });
});

describe("review queue over HTTP", () => {
  it("samples, claims and records a verdict", async () => {
    expect((await json(`${base}/reviews/2/sample`, { method: "POST", json: {}, apiKey: readKey })).status).toBe(403);
    const sampled = await json(`${base}/reviews/2/sample`, { method: "POST", json: { agreementShare: 0 } });
    expect(sampled.status).toBe(200);
    expect(sampled.body.disagreements).toBe(4);

    // API keys cannot review, whatever their scope.
    expect((await json(`${base}/reviews/2/claim`, { method: "POST", json: {} })).status).toBe(403);

    const cookie = await signIn(inject("keelAdminEmail"), inject("keelAdminPassword"));
    const claim = await sessionFetch(cookie, `${base}/reviews/2/claim`, { method: "POST", json: {} });
    expect(claim.status).toBe(200);
    const { item } = (await claim.json()) as { item: { itemId: number; outputs: { prediction: number; source: null }[] } };
    expect(item.outputs.map((output) => output.source)).toEqual([null, null]);

    const submitted = await sessionFetch(cookie, `/api/v1/review-items/${item.itemId}`, { method: "POST", json: { choice: "neither", comment: "both wrong" } });
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toEqual({ itemId: item.itemId, verdict: "neither" });

    const again = await sessionFetch(cookie, `/api/v1/review-items/${item.itemId}`, { method: "POST", json: { choice: "both" } });
    expect(again.status).toBe(409);

    const progress = await json(`${base}/reviews/2`, { apiKey: readKey });
    expect(progress.body).toMatchObject({ queued: 4, completed: 1, summary: { reviewed: 1, neither: 1 } });
  });

  it("rejects a cross-origin session write", async () => {
    const cookie = await signIn(inject("keelAdminEmail"), inject("keelAdminPassword"));
    const response = await fetch(`${inject("keelBaseUrl")}${base}/reviews/2/claim`, {
      method: "POST",
      headers: { cookie, origin: "http://attacker.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(403);
  });

  it("lists the routes in the OpenAPI document", async () => {
    const { body } = await json("/api/v1/openapi.json", { apiKey: null });
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/endpoints/{endpoint}/shadow", "/endpoints/{endpoint}/assign", "/endpoints/{endpoint}/reviews/{version}/claim", "/review-items/{itemId}"]),
    );
  });
});
