import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { api } from "../api-client";
import { sessionFetch, signInSession, type Session } from "../session";

// Out-of-range numbers and odd path characters on the experiment, canary, review, scaling and promotion
// routes. PostgreSQL's integer columns hold at most 2147483647, and its text cannot contain NUL bytes, so
// either one reaching a query used to fail there with a 500.

const suffix = randomBytes(3).toString("hex");
const MODEL = `hostile-model-${suffix}`;
const ENDPOINT = `hostile-endpoint-${suffix}`;
const TOO_BIG = 2_147_483_648;

/** `session` sends the request as the signed-in admin, for operations that API keys may not perform. */
type Case = { name: string; method: string; path: () => string; json?: unknown; issuePath?: string; message: RegExp; session?: boolean };

let policyId = 0;
let admin: Session;

const cases: Case[] = [
  { name: "promotion id read", method: "GET", path: () => `/api/v1/promotions/${TOO_BIG}`, message: /Promotion id/ },
  { name: "promotion id decision", method: "POST", path: () => `/api/v1/promotions/${TOO_BIG}/decision`, json: { decision: "approve" }, message: /Promotion id/, session: true },
  { name: "promotion id rollback", method: "POST", path: () => `/api/v1/promotions/${TOO_BIG}/rollback`, message: /Promotion id/, session: true },
  { name: "promotion id checks", method: "POST", path: () => `/api/v1/promotions/${TOO_BIG}/checks`, message: /Promotion id/ },
  { name: "promotion id comment", method: "POST", path: () => `/api/v1/promotions/${TOO_BIG}/comments`, json: { body: "hi" }, message: /Promotion id/, session: true },
  {
    name: "promotion version",
    method: "POST",
    path: () => "/api/v1/promotions",
    json: { endpoint: ENDPOINT, version: TOO_BIG, reason: "Retrained." },
    issuePath: "version",
    message: /invalid/,
  },
  { name: "stage version", method: "POST", path: () => `/api/v1/models/${MODEL}/versions/${TOO_BIG}/stage`, json: { stage: "candidate" }, message: /Version/ },
  { name: "scaling policy id read", method: "GET", path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/policies/${TOO_BIG}`, message: /Scaling policy id/ },
  {
    name: "scaling policy id change",
    method: "PATCH",
    path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/policies/${TOO_BIG}`,
    json: { active: false },
    message: /Scaling policy id/,
  },
  { name: "scaling policy id delete", method: "DELETE", path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/policies/${TOO_BIG}`, message: /Scaling policy id/ },
  { name: "scaling policy id versions", method: "GET", path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/policies/${TOO_BIG}/versions`, message: /Scaling policy id/ },
  {
    name: "scaling decisions policy filter",
    method: "GET",
    path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/decisions?policyId=${TOO_BIG}`,
    issuePath: "policyId",
    message: /Query/,
  },
  {
    name: "scaling policy expected version",
    method: "PATCH",
    path: () => `/api/v1/endpoints/${ENDPOINT}/scaling/policies/${policyId}`,
    json: { active: false, expectedVersion: TOO_BIG },
    issuePath: "expectedVersion",
    message: /invalid/,
  },
  { name: "review item id", method: "POST", path: () => `/api/v1/review-items/${TOO_BIG}`, json: { choice: "first" }, message: /Review item id/, session: true },
  { name: "review version read", method: "GET", path: () => `/api/v1/endpoints/${ENDPOINT}/reviews/${TOO_BIG}`, issuePath: "candidateVersion", message: /Path/ },
  { name: "review version claim", method: "POST", path: () => `/api/v1/endpoints/${ENDPOINT}/reviews/${TOO_BIG}/claim`, json: {}, issuePath: "candidateVersion", message: /Path/, session: true },
  { name: "review version sample", method: "POST", path: () => `/api/v1/endpoints/${ENDPOINT}/reviews/${TOO_BIG}/sample`, json: {}, issuePath: "candidateVersion", message: /Path/ },
  { name: "review skip item id", method: "POST", path: () => `/api/v1/endpoints/${ENDPOINT}/reviews/2/claim`, json: { skipItemId: TOO_BIG }, issuePath: "skipItemId", message: /invalid/, session: true },
  { name: "canary version", method: "PUT", path: () => `/api/v1/endpoints/${ENDPOINT}/canary`, json: { version: TOO_BIG, weight: 0.1 }, issuePath: "version", message: /invalid/ },
  {
    name: "canary comparison version",
    method: "GET",
    path: () => `/api/v1/endpoints/${ENDPOINT}/canary/comparison?version=${TOO_BIG}`,
    issuePath: "version",
    message: /Query/,
  },
  {
    name: "experiment variant version",
    method: "POST",
    path: () => "/api/v1/experiments",
    json: experiment({ version: TOO_BIG }),
    issuePath: "variants.1.version",
    message: /invalid/,
  },
  {
    name: "experiment sample size",
    method: "POST",
    path: () => "/api/v1/experiments",
    json: experiment({ plannedSampleSize: 3_000_000_000 }),
    issuePath: "plannedSampleSize",
    message: /invalid/,
  },
];

function experiment(change: { version?: number; plannedSampleSize?: number }) {
  return {
    key: `hostile-${suffix}`,
    endpoint: ENDPOINT,
    unit: "user_id",
    variants: [
      { key: "control", version: 1, weight: 50, isControl: true },
      { key: "candidate", version: change.version ?? 2, weight: 50 },
    ],
    metrics: { primary: { kind: "latency" } },
    mde: 0.05,
    plannedSampleSize: change.plannedSampleSize ?? 1000,
  };
}

// Path segments that name an endpoint, model or experiment. A NUL byte cannot be stored in PostgreSQL text.
const oddNames = ["a%00b", "%00"];
const namedPaths = [
  { method: "GET", path: (name: string) => `/api/v1/experiments/${name}` },
  { method: "POST", path: (name: string) => `/api/v1/experiments/${name}/start` },
  { method: "POST", path: (name: string) => `/api/v1/experiments/${name}/assign`, json: { unitId: "u1" } },
  { method: "GET", path: (name: string) => `/api/v1/endpoints/${name}/canary` },
  { method: "PUT", path: (name: string) => `/api/v1/endpoints/${name}/canary`, json: { version: 2, weight: 0.1 } },
  { method: "POST", path: (name: string) => `/api/v1/endpoints/${name}/assign`, json: { unitId: "u1" } },
  { method: "GET", path: (name: string) => `/api/v1/endpoints/${name}/scaling/policies` },
  { method: "GET", path: (name: string) => `/api/v1/endpoints/${name}/reviews/2` },
  { method: "GET", path: (name: string) => `/api/v1/models/${name}/gate-policy` },
  { method: "POST", path: (name: string) => `/api/v1/models/${name}/versions/1/stage`, json: { stage: "candidate" } },
  { method: "GET", path: (name: string) => `/api/v1/promotions?endpoint=${name}` },
];

beforeAll(async () => {
  expect((await api("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  for (let version = 1; version <= 2; version++) {
    expect((await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: {} })).status).toBe(201);
  }
  expect((await api("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);

  const policy = await api(`/api/v1/endpoints/${ENDPOINT}/scaling/policies`, {
    method: "POST",
    json: { name: "cpu", policy: { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 } },
  });
  expect(policy.status).toBe(201);
  policyId = ((await policy.json()) as { id: number }).id;
  admin = await signInSession(inject("keelAdminEmail"), inject("keelAdminPassword"));
});

describe("numbers beyond PostgreSQL integer", () => {
  it.each(cases)("$name gets 422", async ({ method, path, json, issuePath, message, session }) => {
    const response = session ? await sessionFetch(admin, path(), { method, json }) : await api(path(), { method, json });
    const body = (await response.json()) as { error: { message: string; issues?: { path: string; message: string }[] } };

    expect(response.status).toBe(422);
    expect(body.error.message).toMatch(message);
    if (issuePath) expect(body.error.issues?.map((issue) => issue.path)).toContain(issuePath);
    expect(JSON.stringify(body.error.issues)).toMatch(/2147483647/);
  });
});

describe("NUL bytes in path and query names", () => {
  const table = oddNames.flatMap((name) => namedPaths.map((route) => ({ ...route, name, label: `${route.method} ${route.path(name)}` })));

  it.each(table)("$label gets 4xx", async ({ method, path, json, name }) => {
    const response = await api(path(name), { method, json });
    const body = (await response.json()) as { error: { message: string; issues?: { message: string }[] } };

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect([body.error.message, ...(body.error.issues ?? []).map((issue) => issue.message)].join(" ")).toMatch(/NUL/);
  });
});
