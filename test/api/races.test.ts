import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "../api-client";
import { sessionFetch, signInSession, type Session } from "../session";

// Concurrent writes to one experiment, policy or promotion request over real HTTP. Each burst must give
// exactly one success, a 409 for the rest, and no 500.

const suffix = randomBytes(3).toString("hex");
const MODEL = `race-model-${suffix}`;
const ENDPOINT = `race-endpoint-${suffix}`;
const BURST = 6;

// Gate policy with only the offline check, so a request can pass without live traffic.
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

let admin: Session;
let ingestKey: string;

/** Sends `count` copies of one request at once and returns their statuses, sorted. */
async function burst(count: number, send: () => Promise<Response>): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, send));
  return responses.map((response) => response.status).sort();
}

function oneWinner(statuses: number[], success = 200): number[] {
  return [success, ...Array.from({ length: statuses.length - 1 }, () => 409)].sort();
}

async function createExperiment(key: string): Promise<void> {
  const response = await api("/api/v1/experiments", {
    method: "POST",
    json: {
      key,
      endpoint: ENDPOINT,
      unit: "user_id",
      variants: [
        { key: "control", version: 1, weight: 50, isControl: true },
        { key: "treatment", version: 2, weight: 50 },
      ],
      metrics: { primary: { kind: "latency" } },
      mde: 0.05,
      plannedSampleSize: 1000,
    },
  });
  expect(response.status).toBe(201);
}

/** Registers version `version` with roc_auc 0.72, moves it to shadow, opens a request and waits for its checks. */
async function openPassingRequest(version: number): Promise<number> {
  expect((await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.72 } } })).status).toBe(201);
  for (const stage of ["candidate", "shadow"]) {
    expect((await api(`/api/v1/models/${MODEL}/versions/${version}/stage`, { method: "POST", json: { stage } })).status).toBe(200);
  }
  const opened = await api("/api/v1/promotions", { method: "POST", apiKey: ingestKey, json: { endpoint: ENDPOINT, version, reason: "Retrained." } });
  expect(opened.status).toBe(201);
  const id = ((await opened.json()) as { id: number }).id;

  for (let attempt = 0; attempt < 60; attempt++) {
    const read = (await (await api(`/api/v1/promotions/${id}`)).json()) as { checksEvaluatedAt: string | null };
    if (read.checksEvaluatedAt) return id;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The checks of promotion request ${id} were not evaluated within 30 s.`);
}

beforeAll(async () => {
  expect((await api("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  expect((await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.71 } } })).status).toBe(201);
  expect((await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: { roc_auc: 0.71 } } })).status).toBe(201);
  expect((await api("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);
  expect((await api(`/api/v1/models/${MODEL}/gate-policy`, { method: "PUT", json: OFFLINE_ONLY })).status).toBe(200);

  const key = await api("/api/v1/api-keys", { method: "POST", json: { name: `races ${suffix}`, scopes: ["ingest"] } });
  expect(key.status).toBe(201);
  ingestKey = ((await key.json()) as { key: string }).key;
  admin = await signInSession(inject("keelAdminEmail"), inject("keelAdminPassword"));
});

describe("experiment transitions at once", () => {
  it("start, stop and ship once", async () => {
    const key = `race-exp-${suffix}`;
    await createExperiment(key);

    const started = await burst(BURST, () => api(`/api/v1/experiments/${key}/start`, { method: "POST" }));
    expect(started).toEqual(oneWinner(started));

    const assigned = await burst(BURST, () => api(`/api/v1/experiments/${key}/assign`, { method: "POST", apiKey: ingestKey, json: { unitId: "same-unit" } }));
    expect(assigned).toEqual(Array.from({ length: BURST }, () => 200));

    const stopped = await burst(BURST, () => api(`/api/v1/experiments/${key}/stop`, { method: "POST" }));
    expect(stopped).toEqual(oneWinner(stopped));

    const shipped = await burst(BURST, () => api(`/api/v1/experiments/${key}/ship`, { method: "POST", json: { variant: "treatment" } }));
    expect(shipped).toEqual(oneWinner(shipped));

    const read = (await (await api(`/api/v1/experiments/${key}`)).json()) as { state: string; shippedVariant: string };
    expect(read.state).toBe("shipped");
    expect(read.shippedVariant).toBe("treatment");
  });

  it("abandon against ship", async () => {
    const key = `race-abandon-${suffix}`;
    await createExperiment(key);
    expect((await api(`/api/v1/experiments/${key}/start`, { method: "POST" })).status).toBe(200);

    const [abandoned, shipped] = await Promise.all([
      api(`/api/v1/experiments/${key}/abandon`, { method: "POST" }),
      api(`/api/v1/experiments/${key}/ship`, { method: "POST", json: { variant: "control" } }),
    ]);
    expect([abandoned.status, shipped.status].sort()).toEqual([200, 409]);
  });
});

describe("scaling policy edits at once", () => {
  it("one edit per expected version", async () => {
    const created = await api(`/api/v1/endpoints/${ENDPOINT}/scaling/policies`, {
      method: "POST",
      json: { name: "cpu", policy: { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 } },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    let target = 60;
    const edited = await burst(BURST, () =>
      api(`/api/v1/endpoints/${ENDPOINT}/scaling/policies/${id}`, {
        method: "PATCH",
        json: { policy: { kind: "target_tracking", metric: "cpu_percent", target: ++target, minReplicas: 2, maxReplicas: 10 }, expectedVersion: 1 },
      }),
    );
    expect(edited).toEqual(oneWinner(edited));

    const versions = (await (await api(`/api/v1/endpoints/${ENDPOINT}/scaling/policies/${id}/versions`)).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(2);
  });
});

describe("gate policy saves at once", () => {
  it("each save gets its own revision", async () => {
    const before = (await (await api(`/api/v1/models/${MODEL}/gate-policy`)).json()) as { revision: number };
    const responses = await Promise.all(
      Array.from({ length: BURST }, () => api(`/api/v1/models/${MODEL}/gate-policy`, { method: "PUT", json: OFFLINE_ONLY })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: BURST }, () => 200));

    const revisions = await Promise.all(responses.map(async (response) => ((await response.json()) as { revision: number }).revision));
    expect(revisions.sort((a, b) => a - b)).toEqual(Array.from({ length: BURST }, (_, index) => before.revision + index + 1));
  });
});

describe("promotion decisions at once", () => {
  it("approve and reject together", async () => {
    const id = await openPassingRequest(3);
    const [approved, rejected] = await Promise.all([
      sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "approve" } }),
      sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "reject", comment: "Not yet." } }),
    ]);
    expect([approved.status, rejected.status].sort()).toEqual([200, 409]);

    const thread = (await (await api(`/api/v1/promotions/${id}/comments`)).json()) as { decisions: unknown[] };
    expect(thread.decisions).toHaveLength(1);
  });

  it("approvals and rollbacks once", async () => {
    const id = await openPassingRequest(4);
    const before = (await (await api(`/api/v1/endpoints/${ENDPOINT}`)).json()) as { productionVersion: number };
    const approved = await burst(BURST, () => sessionFetch(admin, `/api/v1/promotions/${id}/decision`, { method: "POST", json: { decision: "approve" } }));
    expect(approved).toEqual(oneWinner(approved));

    const endpoint = (await (await api(`/api/v1/endpoints/${ENDPOINT}`)).json()) as { productionVersion: number };
    expect(endpoint.productionVersion).toBe(4);

    const rolledBack = await burst(BURST, () => sessionFetch(admin, `/api/v1/promotions/${id}/rollback`, { method: "POST" }));
    expect(rolledBack).toEqual(oneWinner(rolledBack));
    const after = (await (await api(`/api/v1/endpoints/${ENDPOINT}`)).json()) as { productionVersion: number };
    expect(after.productionVersion).toBe(before.productionVersion);
  });
});

describe("duplicate creates at once", () => {
  it("experiment key once", async () => {
    const statuses = await burst(BURST, () =>
      api("/api/v1/experiments", {
        method: "POST",
        json: {
          key: `race-dup-${suffix}`,
          endpoint: ENDPOINT,
          unit: "user_id",
          variants: [
            { key: "control", version: 1, weight: 50, isControl: true },
            { key: "treatment", version: 2, weight: 50 },
          ],
          metrics: { primary: { kind: "latency" } },
          mde: 0.05,
          plannedSampleSize: 1000,
        },
      }),
    );
    expect(statuses).toEqual(oneWinner(statuses, 201));
  });

  it("scaling policy name once", async () => {
    const statuses = await burst(BURST, () =>
      api(`/api/v1/endpoints/${ENDPOINT}/scaling/policies`, {
        method: "POST",
        json: { name: "dup", policy: { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 } },
      }),
    );
    expect(statuses).toEqual(oneWinner(statuses, 201));
  });
});
