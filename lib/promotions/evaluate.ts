import { and, eq } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { KeelError } from "../errors";
import { endpoints, gatePolicies, promotionRequests } from "../db/schema";
import { evaluateChecks, overallStatus, type CheckResult } from "./checks";
import { gatherEvidence } from "./evidence";
import { parseStoredPolicy } from "./policy";
import { loadPromotionRequest } from "./requests";

/**
 * Runs the checks of a pending request now, for someone who does not want to wait for the next scheduled
 * run, such as after reviewing samples. Engineers, or API keys with the ingest scope. Throws `not_found`
 * for a missing request and `conflict` when the request is no longer pending.
 */
export async function rerunPromotionChecks(ctx: Ctx, input: { requestId: number }): Promise<CheckResult[]> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const request = await loadPromotionRequest(ctx, input.requestId);
  const results = await evaluatePromotionChecks(ctx, input);
  if (!results) throw new KeelError("conflict", `Promotion request ${request.id} is no longer pending, so its checks do not run again.`);
  return results;
}

/**
 * Runs the checks of a pending request against fresh evidence and stores the results, unless the request
 * was decided meanwhile. Returns the results, or null when the request is missing or no longer pending.
 */
export async function evaluatePromotionChecks(ctx: Ctx, input: { requestId: number }): Promise<CheckResult[] | null> {
  const [request] = await ctx.db
    .select({
      id: promotionRequests.id,
      state: promotionRequests.state,
      endpointId: promotionRequests.endpointId,
      endpointName: endpoints.name,
      candidateVersionId: promotionRequests.modelVersionId,
      targetStage: promotionRequests.targetStage,
      policy: gatePolicies.policy,
    })
    .from(promotionRequests)
    .innerJoin(endpoints, eq(endpoints.id, promotionRequests.endpointId))
    .innerJoin(gatePolicies, eq(gatePolicies.id, promotionRequests.policyId))
    .where(eq(promotionRequests.id, input.requestId));
  if (!request || request.state !== "pending") return null;

  const policy = parseStoredPolicy(request.policy);
  const evidence = await gatherEvidence(ctx, request, policy);
  const results = evaluateChecks(policy, evidence, request.targetStage);

  // Only a request still pending takes the results; a decision made during the run keeps the checks it saw.
  const stored = await ctx.db
    .update(promotionRequests)
    .set({ checks: results, checksEvaluatedAt: ctx.now(), updatedAt: ctx.now() })
    .where(and(eq(promotionRequests.id, request.id), eq(promotionRequests.state, "pending")))
    .returning({ id: promotionRequests.id });
  if (stored.length === 0) return null;

  ctx.log.info({ promotionId: request.id, status: overallStatus(results) }, "promotion checks evaluated");
  return results;
}
