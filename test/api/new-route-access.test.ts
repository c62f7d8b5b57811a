import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../api-client";

// API key scopes on every write route of experiments, canary, reviews, scaling and promotions, against
// the access rules that docs/*.md and the OpenAPI document state. The resources do not exist, so an
// allowed key gets 404 or 422 and nothing is written; a denied key gets 403 before any lookup.

type Scope = "read" | "ingest" | "admin";
type Write = { method: string; path: string; json?: unknown; allowed: Scope[] };

const E = "access-no-endpoint";
const M = "access-no-model";
const X = "access-no-experiment";
const INGEST_AND_UP: Scope[] = ["ingest", "admin"];
const ADMIN_ONLY: Scope[] = ["admin"];
// Reviews, decisions, rollbacks and comments record a person's judgement, so every API key gets 403.
const PEOPLE_ONLY: Scope[] = [];

const writes: Write[] = [
  { method: "POST", path: "/api/v1/experiments", json: {}, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/start`, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/stop`, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/abandon`, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/recompute`, allowed: ADMIN_ONLY },
  { method: "PATCH", path: `/api/v1/experiments/${X}/weights`, json: { weights: { a: 50 } }, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/ship`, json: { variant: "a" }, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/experiments/${X}/assign`, json: { unitId: "u1" }, allowed: INGEST_AND_UP },
  { method: "PUT", path: `/api/v1/endpoints/${E}/canary`, json: { version: 2, weight: 0.1 }, allowed: INGEST_AND_UP },
  { method: "POST", path: `/api/v1/endpoints/${E}/assign`, json: { unitId: "u1" }, allowed: INGEST_AND_UP },
  { method: "POST", path: `/api/v1/endpoints/${E}/reviews/2/sample`, json: {}, allowed: INGEST_AND_UP },
  { method: "POST", path: `/api/v1/endpoints/${E}/reviews/2/claim`, json: {}, allowed: PEOPLE_ONLY },
  { method: "POST", path: "/api/v1/review-items/999999", json: { choice: "first" }, allowed: PEOPLE_ONLY },
  { method: "POST", path: `/api/v1/endpoints/${E}/scaling/policies`, json: {}, allowed: ADMIN_ONLY },
  { method: "PATCH", path: `/api/v1/endpoints/${E}/scaling/policies/999999`, json: { active: false }, allowed: ADMIN_ONLY },
  { method: "DELETE", path: `/api/v1/endpoints/${E}/scaling/policies/999999`, allowed: ADMIN_ONLY },
  { method: "POST", path: "/api/v1/promotions", json: { endpoint: E, version: 2, reason: "Retrained." }, allowed: INGEST_AND_UP },
  { method: "POST", path: "/api/v1/promotions/999999/decision", json: { decision: "approve" }, allowed: PEOPLE_ONLY },
  { method: "POST", path: "/api/v1/promotions/999999/rollback", allowed: PEOPLE_ONLY },
  { method: "POST", path: "/api/v1/promotions/999999/checks", allowed: INGEST_AND_UP },
  { method: "POST", path: "/api/v1/promotions/999999/comments", json: { body: "Hello." }, allowed: PEOPLE_ONLY },
  { method: "PUT", path: `/api/v1/models/${M}/gate-policy`, json: {}, allowed: ADMIN_ONLY },
  { method: "POST", path: `/api/v1/models/${M}/versions/2/stage`, json: { stage: "shadow" }, allowed: INGEST_AND_UP },
];

const keys: Partial<Record<Scope, string>> = {};

beforeAll(async () => {
  for (const scope of ["read", "ingest"] as const) {
    const created = await api("/api/v1/api-keys", { method: "POST", json: { name: `access ${scope}`, scopes: [scope] } });
    expect(created.status).toBe(201);
    keys[scope] = ((await created.json()) as { key: string }).key;
  }
});

describe("API key scopes on new write routes", () => {
  const table = writes.flatMap((write) => (["read", "ingest", "admin"] as const).map((scope) => ({ ...write, scope, label: `${write.method} ${write.path} as ${scope}` })));

  it.each(table)("$label", async ({ method, path, json, allowed, scope }) => {
    const response = await api(path, { method, json, apiKey: scope === "admin" ? undefined : keys[scope] });

    if (allowed.includes(scope)) {
      expect([404, 409, 422]).toContain(response.status);
    } else {
      expect(response.status).toBe(403);
    }
  });

  it.each(writes.map((write) => ({ ...write, label: `${write.method} ${write.path}` })))("$label without a key gets 401", async ({ method, path, json }) => {
    expect((await api(path, { method, json, apiKey: null })).status).toBe(401);
  });
});
