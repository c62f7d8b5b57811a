import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../api-client";

const suffix = randomBytes(3).toString("hex");
const MODEL = `experiment-model-${suffix}`;
const ENDPOINT = `experiment-endpoint-${suffix}`;
const KEY = `experiment-${suffix}`;

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `experiment test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

const experiment = {
  key: KEY,
  endpoint: ENDPOINT,
  unit: "user_id",
  variants: [
    { key: "control", version: 1, weight: 50, isControl: true },
    { key: "treatment", version: 2, weight: 50 },
  ],
  metrics: { primary: { kind: "conversion", event: "purchase" }, guardrails: [{ kind: "latency" }] },
  mde: 0.05,
  plannedSampleSize: 1000,
};

let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  expect((await json("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  for (let version = 0; version < 2; version++) expect((await json(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: {} })).status).toBe(201);
  expect((await json("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);
  ingestKey = await createKey(["ingest"]);
  readKey = await createKey(["read"]);
});

describe("/api/v1/experiments", () => {
  it("rejects creation without the admin scope", async () => {
    expect((await json("/api/v1/experiments", { method: "POST", json: experiment, apiKey: ingestKey })).status).toBe(403);
  });

  it("rejects weights that do not sum to 100", async () => {
    const { status, body } = await json("/api/v1/experiments", {
      method: "POST",
      json: { ...experiment, variants: [experiment.variants[0], { ...experiment.variants[1], weight: 30 }] },
    });
    expect(status).toBe(422);
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain("variants");
  });

  it("creates, starts, assigns and reports", async () => {
    const created = await json("/api/v1/experiments", { method: "POST", json: experiment });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe("draft");

    expect((await json(`/api/v1/experiments/${KEY}/assign`, { method: "POST", json: { unitId: "u1" }, apiKey: ingestKey })).status).toBe(409);
    expect((await json(`/api/v1/experiments/${KEY}/start`, { method: "POST", apiKey: ingestKey })).status).toBe(403);
    const started = await json(`/api/v1/experiments/${KEY}/start`, { method: "POST" });
    expect(started.status).toBe(200);
    expect(started.body.state).toBe("running");

    expect((await json(`/api/v1/experiments/${KEY}/assign`, { method: "POST", json: { unitId: "u1" }, apiKey: readKey })).status).toBe(403);
    const first = await json(`/api/v1/experiments/${KEY}/assign`, { method: "POST", json: { unitId: "u1" }, apiKey: ingestKey });
    const again = await json(`/api/v1/experiments/${KEY}/assign`, { method: "POST", json: { unitId: "u1" }, apiKey: ingestKey });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.modelVersion).toBe(first.body.variant === "control" ? 1 : 2);

    const invalid = await json(`/api/v1/experiments/${KEY}/assign`, { method: "POST", json: { unitId: "" }, apiKey: ingestKey });
    expect(invalid.status).toBe(422);

    const results = await json(`/api/v1/experiments/${KEY}/results`, { apiKey: readKey });
    expect(results.status).toBe(200);
    expect(results.body.results.metrics.map((metric: { key: string }) => metric.key)).toEqual(["conversion:purchase", "latency"]);
  });

  it("ships only with the admin scope and a known variant", async () => {
    expect((await json(`/api/v1/experiments/${KEY}/ship`, { method: "POST", json: { variant: "treatment" }, apiKey: ingestKey })).status).toBe(403);
    expect((await json(`/api/v1/experiments/${KEY}/ship`, { method: "POST", json: { variant: "nope" } })).status).toBe(422);
    const shipped = await json(`/api/v1/experiments/${KEY}/ship`, { method: "POST", json: { variant: "treatment" } });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ state: "shipped", shippedVariant: "treatment" });
  });

  it("is documented in the OpenAPI document", async () => {
    const document = await (await api("/api/v1/openapi.json", { apiKey: null })).json();
    expect(document.paths["/experiments/{key}/assign"].post["x-keel-scope"]).toBe("ingest");
    expect(document.paths["/experiments"].post.requestBody.content["application/json"].schema.properties.variants.minItems).toBe(2);
  });
});
