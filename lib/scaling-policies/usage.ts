import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, operationalMetrics } from "../db/schema";
import { KeelError } from "../errors";
import type { Resources } from "../scaling/schema";
import { recommendResources, SAFETY_MARGIN, TARGET_PERCENTILE, type VerticalRecommendation } from "../scaling/vertical";
import { listScalingPolicies } from "./policies";
import { READ_SCALING } from "./requests";

// Operational metrics that the resource and cache panels read when the serving side reports them.
/** Memory in use per replica, in MiB. */
export const MEMORY_METRIC = "memory_mib";
/** GPUs in use per replica, fractional. */
export const GPU_METRIC = "gpus_in_use";
/** Share of prediction requests served from the cache, from 0 to 1. */
export const CACHE_HIT_RATE_METRIC = "cache_hit_rate";

export type VerticalView = {
  policy: string;
  current: Resources;
  recommendation: VerticalRecommendation | null;
  /** Reason for a missing recommendation, or null when there is one. */
  missing: string | null;
};

export type UsageView = {
  vertical: VerticalView[];
  /** Mean cache hit rate over the range and its number of points, or null when the serving side reports none. */
  cacheHitRate: { mean: number; points: number } | null;
  percentile: number;
  margin: number;
};

/**
 * Recommends resources per replica for each vertical policy from the range's usage, as the Kubernetes VPA does
 * (90th percentile plus a 15% margin). CPU usage is cpu_percent of the policy's current CPU request, because
 * that is the utilization metric serving code reports; memory comes from memory_mib.
 */
export async function loadUsage(ctx: Ctx, input: { endpoint: string; from: Date; to: Date }): Promise<UsageView> {
  authorize(ctx, READ_SCALING);
  const [endpoint] = await ctx.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.name, input.endpoint));
  if (!endpoint) throw new KeelError("not_found", `Endpoint "${input.endpoint}" not found.`);

  const rows = await ctx.db
    .select({ name: operationalMetrics.name, value: operationalMetrics.value })
    .from(operationalMetrics)
    .where(
      and(
        eq(operationalMetrics.endpointId, endpoint.id),
        inArray(operationalMetrics.name, ["cpu_percent", MEMORY_METRIC, GPU_METRIC, CACHE_HIT_RATE_METRIC]),
        gte(operationalMetrics.timestamp, input.from),
        lt(operationalMetrics.timestamp, input.to),
      ),
    )
    .orderBy(desc(operationalMetrics.timestamp));
  const values = (name: string) => rows.filter((row) => row.name === name).map((row) => row.value);

  const policies = (await listScalingPolicies(ctx, { endpoint: input.endpoint })).filter((policy) => policy.spec.kind === "vertical");
  const vertical = policies.map((policy) => {
    const current = (policy.spec as { requests: Resources }).requests;
    const cpuMillicores = values("cpu_percent").map((percent) => (percent / 100) * current.cpuMillicores);
    const memoryMiB = values(MEMORY_METRIC);
    const recommendation = recommendResources({ cpuMillicores, memoryMiB, gpus: values(GPU_METRIC) });
    let missing: string | null = null;
    if (!recommendation) missing = cpuMillicores.length === 0 ? "no cpu_percent metric in this range" : `no ${MEMORY_METRIC} metric in this range`;
    return { policy: policy.name, current, recommendation, missing };
  });

  const hitRates = values(CACHE_HIT_RATE_METRIC);
  const cacheHitRate = hitRates.length > 0 ? { mean: hitRates.reduce((sum, value) => sum + value, 0) / hitRates.length, points: hitRates.length } : null;
  return { vertical, cacheHitRate, percentile: TARGET_PERCENTILE, margin: SAFETY_MARGIN };
}
