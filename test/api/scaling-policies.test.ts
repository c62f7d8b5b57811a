import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { api } from "../api-client";

const suffix = randomBytes(3).toString("hex");
const MODEL = `scaling-model-${suffix}`;
const ENDPOINT = `scaling-endpoint-${suffix}`;
const POLICIES = `/api/v1/endpoints/${ENDPOINT}/scaling/policies`;

type Issue = { path: string; message: string };

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `scaling test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

const cpuTarget = { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 };
let policyId: number;

beforeAll(async () => {
  expect((await json("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  expect((await json("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL } })).status).toBe(201);
});

describe("scaling policies over HTTP", () => {
  it("creates a policy with 201", async () => {
    const { status, body } = await json(POLICIES, { method: "POST", json: { name: "cpu-target", policy: cpuTarget } });

    expect(status).toBe(201);
    expect(body).toMatchObject({ endpoint: ENDPOINT, name: "cpu-target", kind: "target_tracking", version: 1, active: true });
    expect(body.spec.tolerance).toBe(0.1);
    policyId = body.id;
  });

  it("lists issues for invalid fields", async () => {
    const invalid = { ...cpuTarget, target: 0, minReplicas: 6, maxReplicas: 3 };
    const { status, body } = await json(POLICIES, { method: "POST", json: { name: "bad", policy: invalid } });

    expect(status).toBe(422);
    const paths = (body.error.issues as Issue[]).map((issue) => issue.path);
    expect(paths).toContain("policy.target");
    expect(paths).toContain("policy.maxReplicas");
  });

  it("rejects overlapping steps and bad cron", async () => {
    const steps = { kind: "step", metric: "cpu_percent", adjustmentType: "change_in_capacity", minReplicas: 1, maxReplicas: 5, steps: [{ upper: 50, adjustment: -1 }, { lower: 40, adjustment: 1 }] };
    const scheduled = { kind: "scheduled", timezone: "Mars/Olympus", minReplicas: 1, maxReplicas: 4, windows: [{ name: "day", start: "0 25 * * *", end: "0 20 * * *", minReplicas: 2, maxReplicas: 4 }] };

    const stepResult = await json(POLICIES, { method: "POST", json: { name: "steps", policy: steps } });
    const scheduledResult = await json(POLICIES, { method: "POST", json: { name: "hours", policy: scheduled } });

    expect(stepResult.status).toBe(422);
    expect((stepResult.body.error.issues as Issue[]).map((issue) => issue.path)).toContain("policy.steps.1.lower");
    expect(scheduledResult.status).toBe(422);
    const scheduledPaths = (scheduledResult.body.error.issues as Issue[]).map((issue) => issue.path);
    expect(scheduledPaths).toContain("policy.timezone");
    expect(scheduledPaths).toContain("policy.windows.0.start");
  });

  it("patches as a new version", async () => {
    const patched = await json(`${POLICIES}/${policyId}`, { method: "PATCH", json: { policy: { ...cpuTarget, target: 75 }, expectedVersion: 1 } });
    const stale = await json(`${POLICIES}/${policyId}`, { method: "PATCH", json: { active: false, expectedVersion: 1 } });
    const versions = await json(`${POLICIES}/${policyId}/versions`);

    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);
    expect(stale.status).toBe(409);
    expect(versions.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
  });

  it("lets a read key read but not write", async () => {
    const key = await createKey(["read"]);

    const list = await json(POLICIES, { apiKey: key });
    const create = await json(POLICIES, { method: "POST", apiKey: key, json: { name: "by-key", policy: cpuTarget } });
    const patch = await json(`${POLICIES}/${policyId}`, { method: "PATCH", apiKey: key, json: { active: false } });
    const remove = await json(`${POLICIES}/${policyId}`, { method: "DELETE", apiKey: key });

    expect(list.status).toBe(200);
    expect(list.body.policies).toHaveLength(1);
    expect(create.status).toBe(403);
    expect(patch.status).toBe(403);
    expect(remove.status).toBe(403);
  });

  it("returns 404 for an unknown endpoint", async () => {
    const { status } = await json(`/api/v1/endpoints/missing-${suffix}/scaling/policies`);

    expect(status).toBe(404);
  });

  it("exports the active policies as YAML", async () => {
    const response = await api(`/api/v1/endpoints/${ENDPOINT}/scaling/manifests?object=hpa&namespace=serving`);
    const text = await response.text();
    const hpa = parse(text) as Record<string, any>;

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/yaml");
    expect(response.headers.get("content-disposition")).toContain(`${ENDPOINT}-hpa.yaml`);
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.kind).toBe("HorizontalPodAutoscaler");
    expect(hpa.metadata.namespace).toBe("serving");
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(10);
  });

  it("rejects an invalid manifest query", async () => {
    const { status, body } = await json(`/api/v1/endpoints/${ENDPOINT}/scaling/manifests?object=helm`);

    expect(status).toBe(422);
    expect((body.error.issues as Issue[])[0].path).toBe("object");
  });

  it("deletes a policy", async () => {
    const removed = await json(`${POLICIES}/${policyId}`, { method: "DELETE" });
    const after = await json(`${POLICIES}/${policyId}`);

    expect(removed.status).toBe(200);
    expect(after.status).toBe(404);
  });
});
