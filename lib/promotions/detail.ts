import { and, eq, inArray } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, modelVersions, promotionDecisions, promotionRequests } from "../db/schema";
import type { ModelVersion } from "../registry/models";
import { listPromotionComments, type PromotionComment } from "./comments";
import { listPromotionDecisions, type PromotionDecision } from "./decisions";
import { getPromotionRequest, listPromotionRequests, type PromotionSummary } from "./requests";

export type PromotionDetail = {
  request: PromotionSummary;
  candidate: ModelVersion;
  /** The version the candidate is compared with: the production version it replaced once approved, else the current one. */
  production: ModelVersion | null;
  decisions: PromotionDecision[];
  comments: PromotionComment[];
};

/** Returns a request with both versions' metadata, its decisions and its comment thread. */
export async function getPromotionDetail(ctx: Ctx, input: { id: number }): Promise<PromotionDetail> {
  const request = await getPromotionRequest(ctx, input);
  const [row] = await ctx.db
    .select({ candidateId: promotionRequests.modelVersionId, previousId: promotionRequests.previousVersionId, currentId: endpoints.productionVersionId })
    .from(promotionRequests)
    .innerJoin(endpoints, eq(endpoints.id, promotionRequests.endpointId))
    .where(eq(promotionRequests.id, input.id));

  let productionId = row.currentId === row.candidateId ? null : row.currentId;
  if (request.state === "approved") productionId = row.previousId;
  const ids = productionId === null ? [row.candidateId] : [row.candidateId, productionId];
  const versions = await ctx.db.select().from(modelVersions).where(inArray(modelVersions.id, ids));

  return {
    request,
    candidate: versions.find((version) => version.id === row.candidateId)!,
    production: versions.find((version) => version.id === productionId) ?? null,
    decisions: await listPromotionDecisions(ctx, { requestId: input.id }),
    comments: await listPromotionComments(ctx, { requestId: input.id }),
  };
}

/**
 * Returns the pending requests that wait for the signed-in user's decision: neither opened nor already
 * decided by them. Empty for users below the approver role and for API keys.
 */
export async function listInbox(ctx: Ctx): Promise<PromotionSummary[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  if (ctx.actor.type !== "user" || !["approver", "admin"].includes(ctx.actor.role)) return [];
  const userId = ctx.actor.userId;

  const pending = await listPromotionRequests(ctx, { states: ["pending"] });
  if (pending.length === 0) return [];
  const decided = await ctx.db
    .select({ requestId: promotionDecisions.requestId })
    .from(promotionDecisions)
    .where(and(eq(promotionDecisions.userId, userId), inArray(promotionDecisions.requestId, pending.map((request) => request.id))));
  const decidedIds = new Set(decided.map((decision) => decision.requestId));

  return pending.filter((request) => !decidedIds.has(request.id) && !(request.author.type === "user" && request.author.id === userId));
}
