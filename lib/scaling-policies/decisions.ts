import { and, asc, eq, gte, lte } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, scalingDecisions, scalingPolicies } from "../db/schema";
import { KeelError } from "../errors";
import { READ_SCALING, type ListDecisionsQuery } from "./requests";

export type ScalingDecision = typeof scalingDecisions.$inferSelect & { policyName: string };

/** Lists an endpoint's scaling decisions in a time range, oldest first; throws 404 for an unknown endpoint. */
export async function listScalingDecisions(
  ctx: Ctx,
  input: { endpoint: string } & Partial<ListDecisionsQuery>,
): Promise<ScalingDecision[]> {
  authorize(ctx, READ_SCALING);
  const [endpoint] = await ctx.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.name, input.endpoint));
  if (!endpoint) throw new KeelError("not_found", `Endpoint "${input.endpoint}" not found.`);

  const rows = await ctx.db
    .select({ decision: scalingDecisions, policyName: scalingPolicies.name })
    .from(scalingDecisions)
    .innerJoin(scalingPolicies, eq(scalingPolicies.id, scalingDecisions.policyId))
    .where(
      and(
        eq(scalingDecisions.endpointId, endpoint.id),
        input.from ? gte(scalingDecisions.evaluatedAt, input.from) : undefined,
        input.to ? lte(scalingDecisions.evaluatedAt, input.to) : undefined,
        input.policyId ? eq(scalingDecisions.policyId, input.policyId) : undefined,
      ),
    )
    .orderBy(asc(scalingDecisions.evaluatedAt), asc(scalingDecisions.id))
    .limit(input.limit ?? 1_000);
  return rows.map((row) => ({ ...row.decision, policyName: row.policyName }));
}
