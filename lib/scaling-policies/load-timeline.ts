import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { ResolvedRange } from "../dashboard/time-range";
import { endpoints, operationalMetrics } from "../db/schema";
import { KeelError } from "../errors";
import { listScalingDecisions } from "./decisions";
import { READ_SCALING } from "./requests";
import { prepareScalingTimeline, type ScalingTimeline } from "./timeline";

/** Maximum decisions one timeline reads: a week of one decision per minute for four policies. */
export const MAX_TIMELINE_DECISIONS = 40_000;

/** Reads an endpoint's load, replicas and scaling decisions over a range and buckets them for the Scaling tab. */
export async function loadScalingTimeline(ctx: Ctx, input: { endpoint: string; range: ResolvedRange }): Promise<ScalingTimeline> {
  authorize(ctx, READ_SCALING);
  const [endpoint] = await ctx.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.name, input.endpoint));
  if (!endpoint) throw new KeelError("not_found", `Endpoint "${input.endpoint}" not found.`);

  const from = new Date(input.range.from);
  const to = new Date(input.range.to);
  const rows = await ctx.db
    .select({ name: operationalMetrics.name, timestamp: operationalMetrics.timestamp, value: operationalMetrics.value })
    .from(operationalMetrics)
    .where(
      and(
        eq(operationalMetrics.endpointId, endpoint.id),
        inArray(operationalMetrics.name, ["requests_per_second", "replicas"]),
        gte(operationalMetrics.timestamp, from),
        lt(operationalMetrics.timestamp, to),
      ),
    )
    .orderBy(asc(operationalMetrics.timestamp));
  const decisions = await listScalingDecisions(ctx, { endpoint: input.endpoint, from, to, limit: MAX_TIMELINE_DECISIONS });

  const series = (name: string) => rows.filter((row) => row.name === name).map((row) => ({ timestampMs: row.timestamp.getTime(), value: row.value }));
  return prepareScalingTimeline({
    range: input.range,
    load: series("requests_per_second"),
    replicas: series("replicas"),
    decisions: decisions.map((decision) => ({
      evaluatedAtMs: decision.evaluatedAt.getTime(),
      policyName: decision.policyName,
      currentReplicas: decision.currentReplicas,
      desiredReplicas: decision.desiredReplicas,
    })),
  });
}
