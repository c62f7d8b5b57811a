import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { createScalingPolicy, listScalingPolicies } from "@/lib/scaling-policies";
import { useTestDb } from "@/test/db";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";

// The server actions run their real role checks and parsing. Only the next-auth session lookup, the
// process database handle and Next.js cache revalidation are replaced.
const session = vi.hoisted(() => ({ userId: undefined as number | undefined, handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { userId: session.userId } : null) }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.KEEL_SECRET ??= "scaling-actions-test-secret-0123456789abcdef";

const actions = await import("@/app/(app)/endpoints/[endpoint]/scaling/actions");

const ENDPOINT = "scaling-actions-prod";
const testDb = useTestDb();
let viewer: TestUser;
let engineer: TestUser;
let policyId: number;

const policy = { kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 2, maxReplicas: 10 };

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  viewer = await createTestUser(testDb.db, "viewer");
  engineer = await createTestUser(testDb.db, "engineer");
  await createModel(ctx, { name: "actions", task: "classification" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "actions" });
  policyId = (await createScalingPolicy(ctx, { endpoint: ENDPOINT, values: { name: "existing", policy: policy as never } })).id;
});

beforeEach(() => {
  session.handle = testDb.handle;
  session.userId = undefined;
});

describe("scaling policy actions", () => {
  it("reject every write by a viewer", async () => {
    session.userId = viewer.user.id;

    const created = await actions.createScalingPolicyAction({ endpoint: ENDPOINT, values: { name: "by-viewer", policy } });
    const updated = await actions.updateScalingPolicyAction({ endpoint: ENDPOINT, policyId, changes: { active: false } });
    const deleted = await actions.deleteScalingPolicyAction({ endpoint: ENDPOINT, policyId });

    for (const result of [created, updated, deleted]) {
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.message).toContain('requires the "engineer" role');
    }
    expect((await listScalingPolicies(systemCtx(testDb.db), { endpoint: ENDPOINT })).map((item) => [item.name, item.version])).toEqual([["existing", 1]]);
  });

  it("reject a signed-out caller", async () => {
    const result = await actions.createScalingPolicyAction({ endpoint: ENDPOINT, values: { name: "anonymous", policy } });

    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain("Sign in again");
  });

  it("return field errors at the form's paths", async () => {
    session.userId = engineer.user.id;

    const result = await actions.createScalingPolicyAction({ endpoint: ENDPOINT, values: { name: "bad", policy: { ...policy, target: 0 } } });

    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.fieldErrors).toHaveProperty("policy.target");
  });

  it("create, update and delete for an engineer", async () => {
    session.userId = engineer.user.id;

    const created = await actions.createScalingPolicyAction({ endpoint: ENDPOINT, values: { name: "by-engineer", policy } });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.data.id : 0;
    const updated = await actions.updateScalingPolicyAction({ endpoint: ENDPOINT, policyId: id, changes: { policy: { ...policy, target: 70 }, expectedVersion: 1 } });
    const stale = await actions.updateScalingPolicyAction({ endpoint: ENDPOINT, policyId: id, changes: { active: false, expectedVersion: 1 } });
    const deleted = await actions.deleteScalingPolicyAction({ endpoint: ENDPOINT, policyId: id });

    expect(updated.ok && updated.data.version).toBe(2);
    expect(stale.ok).toBe(false);
    expect(stale.ok ? {} : stale.fieldErrors).toHaveProperty("expectedVersion");
    expect(deleted.ok).toBe(true);
  });
});
