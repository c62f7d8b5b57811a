import { and, asc, eq, lte, sql } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, endpoints, gatePolicies, models, modelVersions, promotionDecisions, promotionRequests, users } from "../db/schema";
import { KeelError } from "../errors";
import { overallStatus, type CheckResult } from "./checks";
import { sendPromotionEvent } from "./events";
import { canTransition, transitionVersion } from "./lifecycle";
import { parseStoredPolicy } from "./policy";
import { loadPromotionRequest, type PromotionSummary } from "./requests";
import { decidePromotionSchema, type DecidePromotionInput } from "./schemas";

/** Decisions and rollbacks: users with the approver role or higher. API keys cannot approve. */
const DECIDE = { role: "approver", scope: "admin" } as const;

type Tx = Ctx["db"];

function requireUser(ctx: Ctx, what: string): { userId: number } {
  authorize(ctx, DECIDE);
  if (ctx.actor.type !== "user") throw new KeelError("forbidden", `Only a signed-in user with the approver role can ${what}.`);
  return { userId: ctx.actor.userId };
}

/** Locks a request row and returns it with its endpoint, model and version, for a transition. */
async function lockRequest(tx: Tx, requestId: number) {
  const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, requestId)).for("update");
  if (!request) throw new KeelError("not_found", `Promotion request ${requestId} not found.`);

  const [target] = await tx
    .select({ endpoint: endpoints.name, model: models.name, version: modelVersions.version, policy: gatePolicies.policy })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, request.modelVersionId))
    .innerJoin(gatePolicies, eq(gatePolicies.id, request.policyId))
    .where(eq(endpoints.id, request.endpointId));
  return { request, ...target, label: `${target.model}/${target.version}` };
}

async function versionNumber(tx: Tx, versionId: number | null): Promise<number | null> {
  if (versionId === null) return null;
  const [row] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, versionId));
  return row?.version ?? null;
}

/**
 * Records an approver's decision on a pending request, in one transaction that locks the request and checks
 * its state, so concurrent decisions give exactly one outcome. A rejection (which needs a comment) ends the
 * request and rejects the version. An approval needs every check passing and counts towards the policy's
 * required approvals. The last approval moves the version to its target stage. For production it also
 * switches the endpoint's production version and archives the previous one. The author never approves
 * their own request.
 */
export async function decidePromotion(ctx: Ctx, input: DecidePromotionInput): Promise<PromotionSummary> {
  const { userId } = requireUser(ctx, "approve or reject a promotion");
  const values = parseInput(decidePromotionSchema, input);

  await ctx.db.transaction(async (tx) => {
    const locked = await lockRequest(tx, values.requestId);
    const { request } = locked;
    if (request.state !== "pending") throw new KeelError("conflict", `Promotion request ${request.id} is already ${request.state}.`);
    if (request.expiresAt.getTime() <= ctx.now().getTime()) {
      throw new KeelError("conflict", `Promotion request ${request.id} expired at ${request.expiresAt.toISOString()}; open a new one.`);
    }
    if (values.decision === "approve" && request.authorType === "user" && request.authorId === userId) {
      throw new KeelError("forbidden", "You opened this promotion request, so another approver must approve it.");
    }

    const [earlier] = await tx
      .select({ decision: promotionDecisions.decision })
      .from(promotionDecisions)
      .where(and(eq(promotionDecisions.requestId, request.id), eq(promotionDecisions.userId, userId)));
    if (earlier) throw new KeelError("conflict", `You already recorded "${earlier.decision}" on promotion request ${request.id}.`);

    if (values.decision === "approve") {
      const checks = request.checks as CheckResult[];
      const status = request.checksEvaluatedAt === null ? "pending" : overallStatus(checks);
      if (status !== "pass") {
        throw new KeelError("conflict", `The checks of promotion request ${request.id} are ${status === "fail" ? "failing" : "still pending"}; approve once every check passes.`);
      }
    }

    await tx.insert(promotionDecisions).values({ requestId: request.id, userId, decision: values.decision, comment: values.comment, createdAt: ctx.now() });
    if (values.decision === "reject") {
      await reject(ctx, tx, locked, values.comment);
      return;
    }

    const [{ approvals }] = await tx
      .select({ approvals: sql<number>`count(*)::int` })
      .from(promotionDecisions)
      .where(and(eq(promotionDecisions.requestId, request.id), eq(promotionDecisions.decision, "approve")));
    const required = parseStoredPolicy(locked.policy).requiredApprovals;
    if (approvals < required) {
      await tx.update(promotionRequests).set({ updatedAt: ctx.now() }).where(eq(promotionRequests.id, request.id));
      await tx.insert(auditLog).values({
        ...actorColumns(ctx.actor),
        action: "promotion.approval_recorded",
        targetType: "promotion_request",
        targetId: String(request.id),
        details: { approvals, required, comment: values.comment },
      });
      return;
    }
    await approve(ctx, tx, locked, values.comment, { approvals, required });
  });

  return loadPromotionRequest(ctx, values.requestId);
}

type Locked = Awaited<ReturnType<typeof lockRequest>>;

async function reject(ctx: Ctx, tx: Tx, locked: Locked, comment: string): Promise<void> {
  const { request } = locked;
  await tx.update(promotionRequests).set({ state: "rejected", decidedAt: ctx.now(), updatedAt: ctx.now() }).where(eq(promotionRequests.id, request.id));

  const [version] = await tx.select({ status: modelVersions.status }).from(modelVersions).where(eq(modelVersions.id, request.modelVersionId));
  if (version && canTransition(version.status, "rejected", "manual")) {
    await transitionVersion(tx, { versionId: request.modelVersionId, to: "rejected", cause: "manual", label: locked.label });
  }

  await tx.insert(auditLog).values({
    ...actorColumns(ctx.actor),
    action: "promotion.rejected",
    targetType: "promotion_request",
    targetId: String(request.id),
    details: { version: locked.label, endpoint: locked.endpoint, targetStage: request.targetStage, comment },
  });
  await sendPromotionEvent({ ...ctx, db: tx }, "promotion.rejected", {
    id: request.id,
    endpoint: locked.endpoint,
    model: locked.model,
    version: locked.version,
    targetStage: request.targetStage,
    state: "rejected",
    previousVersion: null,
    decidedBy: { type: "user", id: ctx.actor.type === "user" ? ctx.actor.userId : null },
    comment,
  });
}

async function approve(ctx: Ctx, tx: Tx, locked: Locked, comment: string, tally: { approvals: number; required: number }): Promise<void> {
  const { request } = locked;
  let previousVersionId: number | null = null;

  if (request.targetStage === "production") {
    const [endpoint] = await tx.select({ productionVersionId: endpoints.productionVersionId }).from(endpoints).where(eq(endpoints.id, request.endpointId)).for("update");
    previousVersionId = endpoint.productionVersionId === request.modelVersionId ? null : endpoint.productionVersionId;
    if (previousVersionId !== null) {
      await transitionVersion(tx, { versionId: previousVersionId, to: "archived", cause: "manual", label: `${locked.model} production version` });
    }
    await transitionVersion(tx, { versionId: request.modelVersionId, to: "production", cause: "promotion", label: locked.label });
    await tx.update(endpoints).set({ productionVersionId: request.modelVersionId }).where(eq(endpoints.id, request.endpointId));
  } else {
    await transitionVersion(tx, { versionId: request.modelVersionId, to: request.targetStage, cause: "manual", label: locked.label });
  }

  await tx
    .update(promotionRequests)
    .set({ state: "approved", decidedAt: ctx.now(), updatedAt: ctx.now(), previousVersionId })
    .where(eq(promotionRequests.id, request.id));
  const previousVersion = await versionNumber(tx, previousVersionId);
  await tx.insert(auditLog).values({
    ...actorColumns(ctx.actor),
    action: "promotion.approved",
    targetType: "promotion_request",
    targetId: String(request.id),
    details: { version: locked.label, endpoint: locked.endpoint, targetStage: request.targetStage, previousVersion, ...tally, comment },
  });
  await sendPromotionEvent({ ...ctx, db: tx }, "promotion.approved", {
    id: request.id,
    endpoint: locked.endpoint,
    model: locked.model,
    version: locked.version,
    targetStage: request.targetStage,
    state: "approved",
    previousVersion,
    decidedBy: { type: "user", id: ctx.actor.type === "user" ? ctx.actor.userId : null },
    comment,
  });
}

/**
 * Returns an endpoint to the production version it had before an approved promotion, archiving the
 * promoted version. Refused once a later promotion replaced the promoted version. Approvers only.
 */
export async function rollbackPromotion(ctx: Ctx, input: { requestId: number }): Promise<PromotionSummary> {
  requireUser(ctx, "roll back a promotion");

  await ctx.db.transaction(async (tx) => {
    const locked = await lockRequest(tx, input.requestId);
    const { request } = locked;
    if (request.state !== "approved" || request.targetStage !== "production") {
      throw new KeelError("conflict", `Promotion request ${request.id} is ${request.state} to ${request.targetStage}; only an approved promotion to production can be rolled back.`);
    }
    if (request.rolledBackAt) throw new KeelError("conflict", `Promotion request ${request.id} was already rolled back.`);
    if (request.previousVersionId === null) {
      throw new KeelError("conflict", `The endpoint had no production version before promotion request ${request.id}, so there is nothing to roll back to.`);
    }

    const [endpoint] = await tx.select({ productionVersionId: endpoints.productionVersionId }).from(endpoints).where(eq(endpoints.id, request.endpointId)).for("update");
    if (endpoint.productionVersionId !== request.modelVersionId) {
      throw new KeelError("conflict", `Endpoint "${locked.endpoint}" no longer serves ${locked.label} in production; roll back the newer promotion instead.`);
    }

    await transitionVersion(tx, { versionId: request.modelVersionId, to: "archived", cause: "manual", label: locked.label });
    await transitionVersion(tx, { versionId: request.previousVersionId, to: "production", cause: "rollback", label: `${locked.model} previous version` });
    await tx.update(endpoints).set({ productionVersionId: request.previousVersionId }).where(eq(endpoints.id, request.endpointId));
    await tx.update(promotionRequests).set({ rolledBackAt: ctx.now(), updatedAt: ctx.now() }).where(eq(promotionRequests.id, request.id));

    const previousVersion = await versionNumber(tx, request.previousVersionId);
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "promotion.rolled_back",
      targetType: "promotion_request",
      targetId: String(request.id),
      details: { endpoint: locked.endpoint, from: locked.label, to: `${locked.model}/${previousVersion}` },
    });
    await sendPromotionEvent({ ...ctx, db: tx }, "promotion.rolled_back", {
      id: request.id,
      endpoint: locked.endpoint,
      model: locked.model,
      version: locked.version,
      targetStage: request.targetStage,
      state: request.state,
      previousVersion,
      decidedBy: { type: "user", id: ctx.actor.type === "user" ? ctx.actor.userId : null },
      comment: "",
    });
  });

  return loadPromotionRequest(ctx, input.requestId);
}

export type PromotionDecision = { userId: number; name: string; decision: "approve" | "reject"; comment: string; createdAt: Date };

/** Lists the decisions recorded on a request, oldest first. */
export async function listPromotionDecisions(ctx: Ctx, input: { requestId: number }): Promise<PromotionDecision[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  return ctx.db
    .select({ userId: promotionDecisions.userId, name: users.name, decision: promotionDecisions.decision, comment: promotionDecisions.comment, createdAt: promotionDecisions.createdAt })
    .from(promotionDecisions)
    .innerJoin(users, eq(users.id, promotionDecisions.userId))
    .where(eq(promotionDecisions.requestId, input.requestId))
    .orderBy(asc(promotionDecisions.createdAt), asc(promotionDecisions.id));
}

/** Marks every pending request past its expiry time as expired, with an audit row each. Keel's own job. */
export async function expirePromotionRequests(ctx: Ctx): Promise<number[]> {
  authorize(ctx, { role: "admin", scope: "admin" });

  return ctx.db.transaction(async (tx) => {
    const expired = await tx
      .update(promotionRequests)
      .set({ state: "expired", decidedAt: ctx.now(), updatedAt: ctx.now() })
      .where(and(eq(promotionRequests.state, "pending"), lte(promotionRequests.expiresAt, ctx.now())))
      .returning({ id: promotionRequests.id, expiresAt: promotionRequests.expiresAt });
    for (const request of expired) {
      await tx.insert(auditLog).values({
        ...actorColumns(ctx.actor),
        action: "promotion.expired",
        targetType: "promotion_request",
        targetId: String(request.id),
        details: { expiresAt: request.expiresAt.toISOString() },
      });
    }
    return expired.map((request) => request.id);
  });
}
