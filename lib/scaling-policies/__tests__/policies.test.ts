import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { auditLog } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import {
  createScalingPolicy,
  deleteScalingPolicy,
  getScalingPolicy,
  listScalingPolicies,
  listScalingPolicyVersions,
  updateScalingPolicy,
  type CreateScalingPolicyInput,
} from "..";

const testDb = useTestDb();
const ENDPOINT = "delay-prod";
let engineer: TestUser;
let viewer: TestUser;

const cpuTarget: CreateScalingPolicyInput = {
  name: "cpu-target",
  policy: { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 },
};

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "delay", task: "classification" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "delay" });
  await createEndpoint(ctx, { name: "delay-eu", model: "delay" });
  engineer = await createTestUser(testDb.db, "engineer");
  viewer = await createTestUser(testDb.db, "viewer");
});

async function auditRows(policyId: number) {
  return testDb.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "scaling_policy"), eq(auditLog.targetId, String(policyId))))
    .orderBy(auditLog.id);
}

async function expectKeelError(promise: Promise<unknown>, code: string): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeelError);
  expect((error as KeelError).code).toBe(code);
  return error as KeelError;
}

describe("scaling policy storage", () => {
  it("creates version 1 with an audit row", async () => {
    const policy = await createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: cpuTarget });

    expect(policy.version).toBe(1);
    expect(policy.kind).toBe("target_tracking");
    expect(policy.active).toBe(true);
    // The schema fills the HPA default tolerance.
    expect(policy.spec).toMatchObject({ tolerance: 0.1 });
    const versions = await listScalingPolicyVersions(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id });
    expect(versions.map((version) => [version.version, version.change])).toEqual([[1, "created"]]);
    const audit = await auditRows(policy.id);
    expect(audit.map((row) => row.action)).toEqual(["scaling_policy.created"]);
    expect(audit[0].actorId).toBe(engineer.user.id);
  });

  it("writes a version per change", async () => {
    const [policy] = await listScalingPolicies(viewer.ctx, { endpoint: ENDPOINT });
    const changedSpec = { kind: "target_tracking" as const, metric: "cpu_percent" as const, target: 70, minReplicas: 2, maxReplicas: 12 };
    await updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { policy: changedSpec, expectedVersion: 1 } });
    const deactivated = await updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { active: false } });

    expect(deactivated.version).toBe(3);
    expect(deactivated.active).toBe(false);
    expect(deactivated.spec).toMatchObject({ target: 70, maxReplicas: 12 });
    const versions = await listScalingPolicyVersions(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id });
    expect(versions.map((version) => [version.version, version.change, version.active])).toEqual([
      [3, "deactivated", false],
      [2, "updated", true],
      [1, "created", true],
    ]);
    expect(versions[2].spec).toMatchObject({ target: 60 });
    const audit = await auditRows(policy.id);
    expect(audit.map((row) => row.details.version)).toEqual([1, 2, 3]);
  });

  it("rejects a stale expected version", async () => {
    const [policy] = await listScalingPolicies(viewer.ctx, { endpoint: ENDPOINT });
    const error = await expectKeelError(
      updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { active: true, expectedVersion: 1 } }),
      "conflict",
    );

    expect(error.issues[0].path).toBe("expectedVersion");
    expect((await getScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id })).version).toBe(policy.version);
  });

  it("gives concurrent changes distinct versions", async () => {
    const policy = await createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: { ...cpuTarget, name: "concurrent" } });
    await Promise.all(
      [false, true, false, true].map((active) => updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { active } })),
    );

    const versions = await listScalingPolicyVersions(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id });
    expect(versions.map((version) => version.version)).toEqual([5, 4, 3, 2, 1]);
  });

  it("rejects invalid policies from the schema", async () => {
    const invalid = { kind: "target_tracking", metric: "cpu_percent", target: 0, minReplicas: 5, maxReplicas: 2 };
    const error = await expectKeelError(
      createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: { name: "bad", policy: invalid as never } }),
      "unprocessable",
    );

    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toContain("policy.target");
    expect(paths).toContain("policy.maxReplicas");
  });

  it("rejects a change of kind", async () => {
    const [policy] = await listScalingPolicies(viewer.ctx, { endpoint: ENDPOINT });
    const scheduled = { kind: "scheduled" as const, minReplicas: 1, maxReplicas: 4, windows: [{ name: "day", start: "0 8 * * *", end: "0 20 * * *", minReplicas: 3, maxReplicas: 6 }] };
    const error = await expectKeelError(
      updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { policy: scheduled } }),
      "unprocessable",
    );

    expect(error.issues[0].path).toBe("policy.kind");
  });

  it("rejects a duplicate name on one endpoint", async () => {
    await expectKeelError(createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: cpuTarget }), "conflict");

    const other = await createScalingPolicy(engineer.ctx, { endpoint: "delay-eu", values: cpuTarget });
    expect(other.endpoint).toBe("delay-eu");
  });

  it("hides a policy behind another endpoint's name", async () => {
    const [policy] = await listScalingPolicies(viewer.ctx, { endpoint: "delay-eu" });

    await expectKeelError(getScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id }), "not_found");
    await expectKeelError(deleteScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id }), "not_found");
  });

  it("deletes with an audit row", async () => {
    const policy = await createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: { ...cpuTarget, name: "short-lived" } });
    await deleteScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: policy.id });

    await expectKeelError(getScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id }), "not_found");
    expect((await auditRows(policy.id)).map((row) => row.action)).toEqual(["scaling_policy.created", "scaling_policy.deleted"]);
  });
});

describe("scaling policy roles", () => {
  it("rejects every write by a viewer", async () => {
    const [policy] = await listScalingPolicies(viewer.ctx, { endpoint: ENDPOINT });
    const before = await listScalingPolicyVersions(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id });

    await expectKeelError(createScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, values: { ...cpuTarget, name: "viewer" } }), "forbidden");
    await expectKeelError(updateScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { active: true } }), "forbidden");
    await expectKeelError(deleteScalingPolicy(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id }), "forbidden");
    expect(await listScalingPolicyVersions(viewer.ctx, { endpoint: ENDPOINT, policyId: policy.id })).toHaveLength(before.length);
  });

  it("rejects writes by a read-scoped key", async () => {
    const key = await createTestApiKey(testDb.db, ["read", "ingest"]);
    const [policy] = await listScalingPolicies(key.ctx, { endpoint: ENDPOINT });

    await expectKeelError(createScalingPolicy(key.ctx, { endpoint: ENDPOINT, values: { ...cpuTarget, name: "key" } }), "forbidden");
    await expectKeelError(updateScalingPolicy(key.ctx, { endpoint: ENDPOINT, policyId: policy.id, changes: { active: true } }), "forbidden");
    await expectKeelError(deleteScalingPolicy(key.ctx, { endpoint: ENDPOINT, policyId: policy.id }), "forbidden");
  });
});
