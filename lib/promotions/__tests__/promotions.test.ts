import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, endpoints, jobs, models, modelVersions, promotionRequests, webhookDeliveries } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { predictionBatchSchema } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { createWebhook } from "@/lib/webhooks/targets";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import {
  addPromotionComment,
  decidePromotion,
  DEFAULT_GATE_POLICY,
  evaluatePromotionChecks,
  expirePromotionRequests,
  getGatePolicy,
  getPromotionRequest,
  listPromotionDecisions,
  openPromotionRequest,
  rerunPromotionChecks,
  rollbackPromotion,
  setVersionStage,
  updateGatePolicy,
  waitForPromotionDecision,
  type GatePolicy,
} from "..";

process.env.KEEL_SECRET ??= "promotions-test-secret-0123456789abcdef";

const testDb = useTestDb();
let viewer: TestUser;
let engineer: TestUser;
let approver: TestUser;
let secondApprover: TestUser;

// Checks that need no live traffic, so a request can pass them in a unit test.
const OFFLINE_ONLY: GatePolicy = { ...DEFAULT_GATE_POLICY, shadowLatency: null, drift: null, agreement: null, humanReview: null, shadowDuration: null };

const ctx = () => systemCtx(testDb.db);
let modelCounter = 0;

/** Creates a model with version 1 in production on an endpoint, and version 2 in shadow. */
async function setUp(policy: GatePolicy = OFFLINE_ONLY, metrics = { roc_auc: 0.72 }) {
  modelCounter += 1;
  const model = `delay-${modelCounter}`;
  const endpoint = `${model}-prod`;
  await createModel(ctx(), { name: model, task: "classification" });
  await createModelVersion(ctx(), { model, offlineMetrics: { roc_auc: 0.71 } });
  await createModelVersion(ctx(), { model, offlineMetrics: metrics, artifactUri: "s3://models/delay/2" });
  await createEndpoint(ctx(), { name: endpoint, model, productionVersion: 1 });
  await updateGatePolicy(ctx(), { model, policy });
  await setVersionStage(ctx(), { model, version: 2, stage: "candidate" });
  await setVersionStage(ctx(), { model, version: 2, stage: "shadow" });
  return { model, endpoint };
}

async function openEvaluated(endpoint: string, author: TestUser = engineer) {
  const request = await openPromotionRequest(author.ctx, { endpoint, version: 2, targetStage: "production", reason: "Trained on a later month." });
  await evaluatePromotionChecks(ctx(), { requestId: request.id });
  return request;
}

async function caught(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

async function versionStatus(model: string, version: number) {
  const [row] = await testDb.db
    .select({ status: modelVersions.status })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, model), eq(modelVersions.version, version)));
  return row.status;
}

async function auditActions(requestId: number) {
  const rows = await testDb.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "promotion_request"), eq(auditLog.targetId, String(requestId))));
  return rows.map((row) => row.action).sort();
}

beforeAll(async () => {
  viewer = await createTestUser(testDb.db, "viewer");
  engineer = await createTestUser(testDb.db, "engineer");
  approver = await createTestUser(testDb.db, "approver");
  secondApprover = await createTestUser(testDb.db, "approver");
  await createWebhook(ctx(), { name: "promotions", url: "http://127.0.0.1:9/hook", allowPrivateNetwork: true });
});

describe("openPromotionRequest", () => {
  it("opens a pending request and queues checks", async () => {
    const { endpoint } = await setUp();
    const request = await openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "Better recall." });
    expect(request.state).toBe("pending");
    expect(request.targetStage).toBe("production");
    expect(request.checks).toEqual([]);

    const queued = await testDb.db.select().from(jobs).where(eq(jobs.singletonKey, `promotions.evaluate:${request.id}`));
    expect(queued).toHaveLength(1);
    expect(await auditActions(request.id)).toEqual(["promotion.requested"]);
  });

  it("rejects a viewer", async () => {
    const { endpoint } = await setUp();
    const error = await caught(openPromotionRequest(viewer.ctx, { endpoint, version: 2, reason: "x" }));
    expect(error.code).toBe("forbidden");
  });

  it("accepts an ingest key", async () => {
    const { endpoint } = await setUp();
    const key = await createTestApiKey(testDb.db, ["ingest"]);
    const request = await openPromotionRequest(key.ctx, { endpoint, version: 2, reason: "From CI." });
    expect(request.author).toEqual({ type: "api_key", id: key.id });
  });

  it("refuses a second pending request", async () => {
    const { endpoint } = await setUp();
    await openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "First." });
    const error = await caught(openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "Second." }));
    expect(error.code).toBe("conflict");
  });

  it("refuses production for a candidate", async () => {
    const { model, endpoint } = await setUp();
    await createModelVersion(ctx(), { model });
    const error = await caught(openPromotionRequest(engineer.ctx, { endpoint, version: 3, reason: "Skip shadow." }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/candidate/);
    // The refusal rolls back the move to candidate as well.
    expect(await versionStatus(model, 3)).toBe("registered");
  });

  it("moves a registered version to candidate for shadow", async () => {
    const { model, endpoint } = await setUp();
    await createModelVersion(ctx(), { model });
    const request = await openPromotionRequest(engineer.ctx, { endpoint, version: 3, targetStage: "shadow", reason: "Try it." });
    expect(request.versionStatus).toBe("candidate");
  });

  it("requires a reason", async () => {
    const { endpoint } = await setUp();
    const error = await caught(openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "  " }));
    expect(error.code).toBe("unprocessable");
    expect(error.issues[0].path).toBe("reason");
  });
});

describe("checks", () => {
  it("stores pass results", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const stored = await getPromotionRequest(ctx(), { id: request.id });
    expect(stored.checks).toHaveLength(1);
    expect(stored.checks[0]).toMatchObject({ kind: "offline_metric", status: "pass", values: { candidate: 0.72, production: 0.71 } });
  });

  it("stays pending without shadow data", async () => {
    const { endpoint } = await setUp(DEFAULT_GATE_POLICY);
    const request = await openEvaluated(endpoint);
    const stored = await getPromotionRequest(ctx(), { id: request.id });
    expect(stored.checks.find((check) => check.kind === "agreement")?.status).toBe("pending");
  });

  it("reruns on a policy change", async () => {
    const { model, endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    await testDb.db.delete(jobs).where(eq(jobs.singletonKey, `promotions.evaluate:${request.id}`));

    const saved = await updateGatePolicy(approver.ctx, { model, policy: { ...OFFLINE_ONLY, requiredApprovals: 2 } });
    const moved = await getPromotionRequest(ctx(), { id: request.id });
    expect(moved.policyRevision).toBe(saved.revision);
    const queued = await testDb.db.select().from(jobs).where(eq(jobs.singletonKey, `promotions.evaluate:${request.id}`));
    expect(queued).toHaveLength(1);
  });
});

describe("live checks", () => {
  it("read shadow pairs and latency", async () => {
    const policy: GatePolicy = { ...OFFLINE_ONLY, shadowLatency: { p95BudgetMs: 100 }, agreement: { minRate: 0.7, minPairs: 10 }, shadowDuration: { minHours: 1 } };
    const { endpoint } = await setUp(policy);
    const start = Date.now() - 3 * 3_600_000;
    const records = Array.from({ length: 20 }, (_, index) => {
      const base = { endpoint, requestId: `live-${index}`, timestamp: new Date(start + index * 60_000).toISOString(), features: { distance: index } };
      return [
        { ...base, modelVersion: 1, mode: "production" as const, prediction: index % 2, latencyMs: 40 },
        // The candidate disagrees on 4 of 20 requests: agreement 0.8.
        { ...base, modelVersion: 2, mode: "shadow" as const, prediction: index < 4 ? 1 - (index % 2) : index % 2, latencyMs: 60 },
      ];
    }).flat();
    await ingestPredictions(ctx(), predictionBatchSchema.parse({ records }));

    const request = await openEvaluated(endpoint);
    const checks = Object.fromEntries((await getPromotionRequest(ctx(), { id: request.id })).checks.map((check) => [check.kind, check]));
    expect(checks.agreement).toMatchObject({ status: "pass", values: { pairs: 20, agreementRate: 0.8 } });
    expect(checks.shadow_latency).toMatchObject({ status: "pass", values: { candidateP95Ms: 60 } });
    expect(checks.shadow_duration.status).toBe("pass");
  });
});

describe("drift check", () => {
  it("compares the training profile with production", async () => {
    const policy: GatePolicy = { ...OFFLINE_ONLY, drift: { maxDriftedShare: 0.5, windowDays: 1 } };
    modelCounter += 1;
    const model = `drift-${modelCounter}`;
    const endpoint = `${model}-prod`;
    // The profile has carrier AA and UA in equal shares and weekday "mon" only; production sends only UA
    // on mondays, so carrier drifts and weekday does not.
    const trainingProfile = {
      features: {
        carrier: { type: "categorical", count: 1000, top: { AA: 500, UA: 500 }, otherCount: 0 },
        weekday: { type: "categorical", count: 1000, top: { mon: 1000 }, otherCount: 0 },
      },
    };
    await createModel(ctx(), { name: model, task: "classification" });
    await createModelVersion(ctx(), { model, offlineMetrics: { roc_auc: 0.7 } });
    await createModelVersion(ctx(), { model, offlineMetrics: { roc_auc: 0.7 }, trainingProfile });
    await createEndpoint(ctx(), { name: endpoint, model, productionVersion: 1 });
    await updateGatePolicy(ctx(), { model, policy });
    await setVersionStage(ctx(), { model, version: 2, stage: "candidate" });
    await setVersionStage(ctx(), { model, version: 2, stage: "shadow" });
    const start = Date.now() - 3_600_000;
    const records = Array.from({ length: 200 }, (_, index) => ({
      endpoint,
      modelVersion: 1,
      requestId: `drift-${index}`,
      timestamp: new Date(start + index * 10_000).toISOString(),
      features: { carrier: "UA", weekday: "mon" },
      prediction: 0,
    }));
    await ingestPredictions(ctx(), predictionBatchSchema.parse({ records }));

    const request = await openEvaluated(endpoint);
    const [check] = (await getPromotionRequest(ctx(), { id: request.id })).checks.filter((result) => result.kind === "drift");
    expect(check.values).toMatchObject({ features: 2, drifted: 1, driftedFeatures: "carrier", rows: 200 });
    expect(check.status).toBe("pass");
    expect(check.features?.map((feature) => [feature.column, feature.drifted])).toEqual([
      ["carrier", true],
      ["weekday", false],
    ]);
  });
});

describe("rerunPromotionChecks", () => {
  it("runs checks for an engineer", async () => {
    const { endpoint } = await setUp();
    const request = await openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "Now." });
    const results = await rerunPromotionChecks(engineer.ctx, { requestId: request.id });
    expect(results.map((result) => result.status)).toEqual(["pass"]);
    expect((await getPromotionRequest(ctx(), { id: request.id })).checksEvaluatedAt).not.toBeNull();
  });

  it("rejects a viewer", async () => {
    const { endpoint } = await setUp();
    const request = await openPromotionRequest(engineer.ctx, { endpoint, version: 2, reason: "Now." });
    const error = await caught(rerunPromotionChecks(viewer.ctx, { requestId: request.id }));
    expect(error.code).toBe("forbidden");
  });

  it("refuses a decided request", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    await decidePromotion(approver.ctx, { requestId: request.id, decision: "reject", comment: "No." });
    const error = await caught(rerunPromotionChecks(engineer.ctx, { requestId: request.id }));
    expect(error.code).toBe("conflict");
  });
});

describe("gate policy", () => {
  it("versions each save", async () => {
    const { model } = await setUp();
    const first = await getGatePolicy(viewer.ctx, { model });
    const second = await updateGatePolicy(approver.ctx, { model, policy: { ...OFFLINE_ONLY, requiredApprovals: 3 } });
    expect(second.revision).toBe(first.revision + 1);
    expect((await getGatePolicy(viewer.ctx, { model })).policy.requiredApprovals).toBe(3);
  });

  it("rejects an engineer", async () => {
    const { model } = await setUp();
    const error = await caught(updateGatePolicy(engineer.ctx, { model, policy: OFFLINE_ONLY }));
    expect(error.code).toBe("forbidden");
  });

  it("rejects an invalid policy", async () => {
    const { model } = await setUp();
    const error = await caught(updateGatePolicy(approver.ctx, { model, policy: { ...OFFLINE_ONLY, requiredApprovals: 0 } }));
    expect(error.code).toBe("unprocessable");
    expect(error.issues[0].path).toBe("policy.requiredApprovals");
  });
});

describe("decidePromotion", () => {
  it("approval switches production", async () => {
    const { model, endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const approved = await decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" });

    expect(approved.state).toBe("approved");
    expect(approved.previousVersion).toBe(1);
    expect(await versionStatus(model, 2)).toBe("production");
    expect(await versionStatus(model, 1)).toBe("archived");
    const [row] = await testDb.db.select({ production: endpoints.productionVersionId }).from(endpoints).where(eq(endpoints.name, endpoint));
    const [v2] = await testDb.db.select({ id: modelVersions.id }).from(promotionRequests).innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId)).where(eq(promotionRequests.id, request.id));
    expect(row.production).toBe(v2.id);
    expect(await auditActions(request.id)).toEqual(["promotion.approved", "promotion.requested"]);

    const deliveries = await testDb.db.select({ eventType: webhookDeliveries.eventType, payload: webhookDeliveries.payload }).from(webhookDeliveries);
    const event = deliveries.find((delivery) => delivery.eventType === "promotion.approved" && (delivery.payload.data as { promotion: { id: number } }).promotion.id === request.id);
    expect(event).toBeDefined();
  });

  it("refuses the author", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint, approver);
    const error = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }));
    expect(error.code).toBe("forbidden");
    expect((await getPromotionRequest(ctx(), { id: request.id })).state).toBe("pending");
  });

  for (const role of ["viewer", "engineer"] as const) {
    it(`refuses a ${role}`, async () => {
      const { endpoint } = await setUp();
      const request = await openEvaluated(endpoint);
      const user = role === "viewer" ? viewer : engineer;
      const error = await caught(decidePromotion(user.ctx, { requestId: request.id, decision: "approve" }));
      expect(error.code).toBe("forbidden");
    });
  }

  it("refuses an admin API key", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const key = await createTestApiKey(testDb.db, ["admin"]);
    const error = await caught(decidePromotion(key.ctx, { requestId: request.id, decision: "approve" }));
    expect(error.code).toBe("forbidden");
  });

  it("refuses approval while checks are pending", async () => {
    const { endpoint } = await setUp(DEFAULT_GATE_POLICY);
    const request = await openEvaluated(endpoint);
    const error = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/pending/);
  });

  it("refuses approval on failing checks", async () => {
    const { endpoint } = await setUp(OFFLINE_ONLY, { roc_auc: 0.6 });
    const request = await openEvaluated(endpoint);
    const error = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }));
    expect(error.message).toMatch(/failing/);
  });

  it("rejection requires a comment", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const error = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "reject", comment: " " }));
    expect(error.code).toBe("unprocessable");
    expect(error.issues[0].path).toBe("comment");
  });

  it("one rejection ends it", async () => {
    const { model, endpoint } = await setUp({ ...OFFLINE_ONLY, requiredApprovals: 2 });
    const request = await openEvaluated(endpoint);
    await decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" });
    const rejected = await decidePromotion(secondApprover.ctx, { requestId: request.id, decision: "reject", comment: "Latency too high." });

    expect(rejected.state).toBe("rejected");
    expect(await versionStatus(model, 2)).toBe("rejected");
    expect(await versionStatus(model, 1)).toBe("production");
    expect((await listPromotionDecisions(ctx(), { requestId: request.id })).map((decision) => decision.decision)).toEqual(["approve", "reject"]);
    expect(await auditActions(request.id)).toEqual(["promotion.approval_recorded", "promotion.rejected", "promotion.requested"]);
  });

  it("waits for the required approvals", async () => {
    const { endpoint } = await setUp({ ...OFFLINE_ONLY, requiredApprovals: 2 });
    const request = await openEvaluated(endpoint);
    const first = await decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" });
    expect(first.state).toBe("pending");
    const repeat = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }));
    expect(repeat.code).toBe("conflict");
    const second = await decidePromotion(secondApprover.ctx, { requestId: request.id, decision: "approve" });
    expect(second.state).toBe("approved");
  });

  it("racing approvals give one outcome", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const outcomes = await Promise.allSettled([
      decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }),
      decidePromotion(secondApprover.ctx, { requestId: request.id, decision: "approve" }),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as KeelError).code).toBe("conflict");
    expect(await auditActions(request.id)).toEqual(["promotion.approved", "promotion.requested"]);
  });

  it("racing approve and reject give one outcome", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const outcomes = await Promise.allSettled([
      decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }),
      decidePromotion(secondApprover.ctx, { requestId: request.id, decision: "reject", comment: "No." }),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const actions = await auditActions(request.id);
    expect(actions).toHaveLength(2);
    const state = (await getPromotionRequest(ctx(), { id: request.id })).state;
    expect(actions).toContain(state === "approved" ? "promotion.approved" : "promotion.rejected");
  });
});

describe("rollbackPromotion", () => {
  it("restores the previous version", async () => {
    const { model, endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    await decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" });
    const rolledBack = await rollbackPromotion(secondApprover.ctx, { requestId: request.id });

    expect(rolledBack.rolledBackAt).not.toBeNull();
    expect(await versionStatus(model, 1)).toBe("production");
    expect(await versionStatus(model, 2)).toBe("archived");
    expect(await auditActions(request.id)).toContain("promotion.rolled_back");
    const again = await caught(rollbackPromotion(approver.ctx, { requestId: request.id }));
    expect(again.code).toBe("conflict");
  });

  it("refuses an engineer", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    await decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" });
    const error = await caught(rollbackPromotion(engineer.ctx, { requestId: request.id }));
    expect(error.code).toBe("forbidden");
  });
});

describe("expiry and waiting", () => {
  it("expires past requests", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    await testDb.db.update(promotionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(promotionRequests.id, request.id));

    const expired = await expirePromotionRequests(ctx());
    expect(expired).toContain(request.id);
    expect((await getPromotionRequest(ctx(), { id: request.id })).state).toBe("expired");
    const error = await caught(decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }));
    expect(error.message).toMatch(/already expired/);
  });

  it("expiry rejects an engineer", async () => {
    const error = await caught(expirePromotionRequests(engineer.ctx));
    expect(error.code).toBe("forbidden");
  });

  it("wait returns on a decision", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const started = Date.now();
    const waiting = waitForPromotionDecision(viewer.ctx, { id: request.id, waitSeconds: 20 });
    setTimeout(() => void decidePromotion(approver.ctx, { requestId: request.id, decision: "approve" }), 300);

    const decided = await waiting;
    expect(decided.state).toBe("approved");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("wait times out pending", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const started = Date.now();
    const result = await waitForPromotionDecision(viewer.ctx, { id: request.id, waitSeconds: 1 });
    expect(result.state).toBe("pending");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe("comments", () => {
  it("adds a comment", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const comment = await addPromotionComment(engineer.ctx, { requestId: request.id, body: "Shadow looks fine." });
    expect(comment.name).toBe(engineer.user.name);
  });

  it("rejects a viewer", async () => {
    const { endpoint } = await setUp();
    const request = await openEvaluated(endpoint);
    const error = await caught(addPromotionComment(viewer.ctx, { requestId: request.id, body: "Hi" }));
    expect(error.code).toBe("forbidden");
  });
});

describe("setVersionStage", () => {
  it("refuses production", async () => {
    const { model } = await setUp();
    const error = await caught(setVersionStage(engineer.ctx, { model, version: 2, stage: "production" }));
    expect(error.code).toBe("unprocessable");
    expect(error.issues[0].path).toBe("stage");
  });

  it("rejects a viewer", async () => {
    const { model } = await setUp();
    const error = await caught(setVersionStage(viewer.ctx, { model, version: 2, stage: "archived" }));
    expect(error.code).toBe("forbidden");
  });
});
