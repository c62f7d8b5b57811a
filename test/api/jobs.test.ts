import { describe, expect, it } from "vitest";
import { api } from "../api-client";

async function createKey(scopes: string[]): Promise<string> {
  const response = await api("/api/v1/api-keys", { method: "POST", json: { name: `jobs test ${scopes}`, scopes } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

describe("GET /api/v1/jobs", () => {
  it("lists jobs for a read key", async () => {
    const response = await api("/api/v1/jobs?limit=5", { apiKey: await createKey(["read"]) });

    expect(response.status).toBe(200);
    const body = (await response.json()) as { jobs: unknown[] };
    expect(Array.isArray(body.jobs)).toBe(true);
    expect(body.jobs.length).toBeLessThanOrEqual(5);
  });

  it("rejects an unknown state with 422", async () => {
    const response = await api("/api/v1/jobs?state=stuck");

    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(["state"]);
  });

  it("rejects a key without the read scope", async () => {
    const response = await api("/api/v1/jobs", { apiKey: await createKey(["ingest"]) });

    expect(response.status).toBe(403);
  });

  it("is in the OpenAPI document", async () => {
    const document = await (await api("/api/v1/openapi.json", { apiKey: null })).json();

    expect(document.paths["/jobs"].get["x-keel-scope"]).toBe("read");
  });
});
