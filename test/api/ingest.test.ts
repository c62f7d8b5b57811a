import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, baseUrl } from "../api-client";

const suffix = randomBytes(3).toString("hex");
const MODEL = `http-model-${suffix}`;
const ENDPOINT = `http-endpoint-${suffix}`;

function record(requestId: string, overrides: Record<string, unknown> = {}) {
  return {
    endpoint: ENDPOINT,
    modelVersion: 1,
    requestId,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    features: { distance: 500, origin: "ORD" },
    prediction: 1,
    score: 0.7,
    latencyMs: 8,
    ...overrides,
  };
}

async function postPredictions(records: unknown[], apiKey?: string | null) {
  const response = await api("/api/v1/predictions", { method: "POST", json: { records }, apiKey });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<{ id: number; key: string }> {
  const response = await api("/api/v1/api-keys", { method: "POST", json: { name: `test ${scopes}`, scopes } });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; key: string };
}

beforeAll(async () => {
  const model = await api("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } });
  expect(model.status).toBe(201);
  const version = await api(`/api/v1/models/${MODEL}/versions`, {
    method: "POST",
    json: { offlineMetrics: { roc_auc: 0.7 }, artifactUri: "s3://models/delay/1" },
  });
  expect(version.status).toBe(201);
  const endpoint = await api("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } });
  expect(endpoint.status).toBe(201);
});

describe("POST /api/v1/predictions", () => {
  it("acknowledges then deduplicates a retry", async () => {
    const batch = [record("p-1"), record("p-2")];

    expect(await postPredictions(batch)).toEqual({ status: 200, body: { stored: 2, duplicates: 0 } });
    expect(await postPredictions(batch)).toEqual({ status: 200, body: { stored: 0, duplicates: 2 } });
  });

  it("lists each bad record and stores none", async () => {
    const batch = [record("q-1"), record("q-2", { timestamp: "2026-01-01T00:00:00" }), record("q-3", { prediction: "1", modelVersion: "1" })];

    const rejected = await postPredictions(batch);

    expect(rejected.status).toBe(422);
    const paths = rejected.body.error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toContain("records.1.timestamp");
    expect(paths).toContain("records.2.modelVersion");
    expect(paths).not.toContain("records.0.requestId");
    expect(await postPredictions([record("q-1")])).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
  });

  it("names an unknown endpoint with 404", async () => {
    const rejected = await postPredictions([record("r-1", { endpoint: "no-such-endpoint" })]);

    expect(rejected.status).toBe(404);
    expect(rejected.body.error.message).toContain('"no-such-endpoint"');
  });

  it("rejects malformed JSON with 400", async () => {
    const response = await api("/api/v1/predictions", {
      method: "POST",
      body: '{"records": [',
      headers: { "content-type": "application/json" },
    });
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error.message).toContain("not valid JSON");
  });

  it("rejects a declared oversized body with 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL("/api/v1/predictions", baseUrl());
      // Declares 20 MB and sends only the first bytes: the server must respond without reading the rest.
      const request = httpRequest(
        url,
        {
          method: "POST",
          agent: false,
          headers: {
            "content-type": "application/json",
            "content-length": String(20 * 1024 * 1024),
            authorization: `Bearer ${inject("keelAdminApiKey")}`,
          },
        },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          request.destroy();
        },
      );
      request.on("error", reject);
      request.write('{"records":[');
    });
    expect(status).toBe(413);
  });

  it("rejects a streamed oversized body with 413", async () => {
    const key = inject("keelAdminApiKey");
    const status = await new Promise<number>((resolve, reject) => {
      // A chunked body has no Content-Length, so the limit must be enforced while reading. The request uses
      // its own connection, because the server closes it after the 413 while the client is still sending.
      const request = httpRequest(
        new URL("/api/v1/predictions", baseUrl()),
        { method: "POST", agent: false, headers: { "content-type": "application/json", authorization: `Bearer ${key}` } },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          request.destroy();
        },
      );
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      const chunk = "x".repeat(1024 * 1024);
      for (let index = 0; index < 12; index += 1) request.write(chunk);
      request.end();
    });
    expect(status).toBe(413);
  });
});

describe("API key access", () => {
  it("gives missing and unknown keys one message", async () => {
    const missing = await api("/api/v1/endpoints", { apiKey: null });
    const unknown = await api("/api/v1/endpoints", { apiKey: "keel_unknown" });

    expect(missing.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await missing.json()).error.message).toBe((await unknown.json()).error.message);
  });

  it("locks out a revoked key at once", async () => {
    const created = await createKey(["read"]);
    expect((await api("/api/v1/endpoints", { apiKey: created.key })).status).toBe(200);

    const revoked = await api(`/api/v1/api-keys/${created.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);

    const after = await api("/api/v1/endpoints", { apiKey: created.key });
    expect(after.status).toBe(401);
  });

  it("locks out a revoked ingest key at once", async () => {
    // Ingest requests with a key are served by scripts/serve.mjs past Next.js, from code that Next.js
    // bundles apart from the revoking route, so both must see the revocation.
    const created = await createKey(["ingest"]);
    expect((await postPredictions([record("revoked-1")], created.key)).status).toBe(200);

    const revoked = await api(`/api/v1/api-keys/${created.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);

    const after = await postPredictions([record("revoked-2")], created.key);
    expect(after.status).toBe(401);
  });

  it("forbids ingest with a read key", async () => {
    const readKey = await createKey(["read"]);
    const rejected = await postPredictions([record("s-1")], readKey.key);

    expect(rejected.status).toBe(403);
    expect(rejected.body.error.message).toContain('"ingest" scope');
  });

  it("forbids key management with an ingest key", async () => {
    const ingestKey = await createKey(["ingest"]);
    const response = await api("/api/v1/api-keys", { apiKey: ingestKey.key });
    expect(response.status).toBe(403);
  });
});

describe("registry and documents", () => {
  it("reads the model with its version", async () => {
    const response = await api(`/api/v1/models/${MODEL}`);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.versions[0].version).toBe(1);
    expect(body.versions[0].offlineMetrics).toEqual({ roc_auc: 0.7 });
  });

  it("rejects a file artifact URI", async () => {
    const response = await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { artifactUri: "file:///etc/passwd" } });
    const body = await response.json();

    expect(response.status).toBe(422);
    expect(body.error.issues[0].path).toBe("artifactUri");
  });

  it("serves the OpenAPI document", async () => {
    const response = await api("/api/v1/openapi.json", { apiKey: null });
    const document = await response.json();

    expect(response.status).toBe(200);
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/predictions"].post.requestBody.content["application/json"].schema.properties.records.maxItems).toBe(10_000);
  });
});
