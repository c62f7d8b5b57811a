import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { DEFAULT_GATE_POLICY, evaluatePromotionChecks, openPromotionRequest, setVersionStage, updateGatePolicy, type GatePolicy } from "@/lib/promotions";
import { useTestDb } from "@/test/db";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";

// The server actions and route handlers run their real role checks and parsing. Only the next-auth
// session lookup, the process database handle and Next.js cache revalidation are replaced.
const session = vi.hoisted(() => ({ userId: undefined as number | undefined, handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { userId: session.userId } : null) }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.KEEL_SECRET ??= "promotion-actions-test-secret-0123456789abcdef";

const actions = await import("@/app/(app)/promotions/actions");
const promotionsRoute = await import("@/app/api/v1/promotions/route");
const decisionRoute = await import("@/app/api/v1/promotions/[promotionId]/decision/route");
const rollbackRoute = await import("@/app/api/v1/promotions/[promotionId]/rollback/route");
const commentsRoute = await import("@/app/api/v1/promotions/[promotionId]/comments/route");
const policyRoute = await import("@/app/api/v1/models/[model]/gate-policy/route");
const checksRoute = await import("@/app/api/v1/promotions/[promotionId]/checks/route");
const stageRoute = await import("@/app/api/v1/models/[model]/versions/[version]/stage/route");
const { config } = await import("@/lib/config");

const testDb = useTestDb();
let viewer: TestUser;
let engineer: TestUser;
let approver: TestUser;
let requestId: number;

const OFFLINE_ONLY: GatePolicy = { ...DEFAULT_GATE_POLICY, shadowLatency: null, drift: null, agreement: null, humanReview: null, shadowDuration: null };

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  viewer = await createTestUser(testDb.db, "viewer");
  engineer = await createTestUser(testDb.db, "engineer");
  approver = await createTestUser(testDb.db, "approver");
  await createModel(ctx, { name: "actions", task: "classification" });
  await createModelVersion(ctx, { model: "actions", offlineMetrics: { roc_auc: 0.7 } });
  await createModelVersion(ctx, { model: "actions", offlineMetrics: { roc_auc: 0.71 } });
  await createEndpoint(ctx, { name: "actions-prod", model: "actions", productionVersion: 1 });
  await updateGatePolicy(ctx, { model: "actions", policy: OFFLINE_ONLY });
  await setVersionStage(ctx, { model: "actions", version: 2, stage: "candidate" });
  await setVersionStage(ctx, { model: "actions", version: 2, stage: "shadow" });
  requestId = (await openPromotionRequest(engineer.ctx, { endpoint: "actions-prod", version: 2, reason: "Better." })).id;
  await evaluatePromotionChecks(ctx, { requestId });
});

beforeEach(() => {
  session.handle = testDb.handle;
  session.userId = undefined;
});

function post(path: string, body?: unknown, method = "POST"): Request {
  return new Request(`http://localhost:3000${path}`, {
    method,
    headers: { "content-type": "application/json", origin: new URL(config().publicUrl).origin },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const params = (values: Record<string, string>) => ({ params: Promise.resolve(values) });

describe("promotion server actions", () => {
  for (const role of ["viewer", "engineer"] as const) {
    it(`reject a ${role} deciding`, async () => {
      session.userId = (role === "viewer" ? viewer : engineer).user.id;
      const forbidden = { ok: false, message: 'This action requires the "approver" role or higher.' };

      expect(await actions.decidePromotionAction({ requestId, decision: "approve", comment: "" })).toMatchObject(forbidden);
      expect(await actions.decidePromotionAction({ requestId, decision: "reject", comment: "No." })).toMatchObject(forbidden);
      expect(await actions.rollbackPromotionAction({ requestId })).toMatchObject(forbidden);
      expect(await actions.saveGatePolicyAction({ model: "actions", policy: OFFLINE_ONLY })).toMatchObject(forbidden);
    });
  }

  it("reject a viewer opening or commenting", async () => {
    session.userId = viewer.user.id;
    const forbidden = { ok: false, message: 'This action requires the "engineer" role or higher.' };
    expect(await actions.openPromotionAction({ endpoint: "actions-prod", version: 2, reason: "x" })).toMatchObject(forbidden);
    expect(await actions.commentPromotionAction({ requestId, body: "x" })).toMatchObject(forbidden);
    expect(await actions.rerunChecksAction({ requestId })).toMatchObject(forbidden);
  });

  it("reject without a session", async () => {
    const result = await actions.decidePromotionAction({ requestId, decision: "approve", comment: "" });
    expect(result).toMatchObject({ ok: false, message: "Sign in again: your session has expired." });
  });

  it("return the missing comment by field", async () => {
    session.userId = approver.user.id;
    const result = await actions.decidePromotionAction({ requestId, decision: "reject", comment: "" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.comment).toEqual(["must explain the rejection"]);
  });

  it("let an engineer comment", async () => {
    session.userId = engineer.user.id;
    const result = await actions.commentPromotionAction({ requestId, body: "Shadow looks fine." });
    expect(result.ok).toBe(true);
  });
});

describe("promotion routes with a session", () => {
  for (const role of ["viewer", "engineer"] as const) {
    it(`return 403 to a ${role}`, async () => {
      session.userId = (role === "viewer" ? viewer : engineer).user.id;
      const id = params({ promotionId: String(requestId) });

      expect((await decisionRoute.POST(post(`/api/v1/promotions/${requestId}/decision`, { decision: "approve" }), id)).status).toBe(403);
      expect((await rollbackRoute.POST(post(`/api/v1/promotions/${requestId}/rollback`), id)).status).toBe(403);
      expect((await policyRoute.PUT(post("/api/v1/models/actions/gate-policy", OFFLINE_ONLY, "PUT"), params({ model: "actions" }))).status).toBe(403);
    });
  }

  it("return 403 to a viewer writing", async () => {
    session.userId = viewer.user.id;
    const opened = await promotionsRoute.POST(post("/api/v1/promotions", { endpoint: "actions-prod", version: 2, reason: "x" }), params({}));
    expect(opened.status).toBe(403);
    const commented = await commentsRoute.POST(post(`/api/v1/promotions/${requestId}/comments`, { body: "x" }), params({ promotionId: String(requestId) }));
    expect(commented.status).toBe(403);
    const staged = await stageRoute.POST(post("/api/v1/models/actions/versions/2/stage", { stage: "archived" }), params({ model: "actions", version: "2" }));
    expect(staged.status).toBe(403);
    const rerun = await checksRoute.POST(post(`/api/v1/promotions/${requestId}/checks`), params({ promotionId: String(requestId) }));
    expect(rerun.status).toBe(403);
  });

  it("let an approver approve", async () => {
    session.userId = approver.user.id;
    const response = await decisionRoute.POST(post(`/api/v1/promotions/${requestId}/decision`, { decision: "approve" }), params({ promotionId: String(requestId) }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { state: string }).state).toBe("approved");
  });
});
