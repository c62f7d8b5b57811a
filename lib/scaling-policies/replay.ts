import { and, asc, desc, eq, gte, inArray, lt, lte } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, operationalMetrics } from "../db/schema";
import { KeelError } from "../errors";
import { FIT_HISTORY_HOURS, HOUR_MS } from "../scaling/forecast";
import { isHorizontal, simulate, type LoadColumns, type SimulationResult } from "../scaling/simulate";
import { getScalingPolicy } from "./policies";
import { policyIdSchema, READ_SCALING } from "./requests";
import type { ScalingPolicySpec } from "./schemas";

/** Maximum span of a replay: 31 days, at one load point per minute. */
export const MAX_REPLAY_SPAN_MS = 31 * 24 * HOUR_MS;

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T00:00:00Z" });
const optionalNumber = (message: string) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number({ error: message }).positive(message).optional());

/** The replay page's URL parameters. */
export const replayQuerySchema = z
  .strictObject({
    policy: policyIdSchema,
    compare: z.preprocess((value) => (value === "" ? undefined : value), policyIdSchema.optional()),
    from: instant,
    to: instant,
    /** Price of one replica for one hour, for the cost figures. */
    price: optionalNumber("must be a price above 0").default(1),
    /** Requests per second one replica serves within the SLO; absent for the first policy's per-replica target. */
    capacity: optionalNumber("must be requests per second above 0"),
  })
  .superRefine((query, ctx) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    if (span <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    if (span > MAX_REPLAY_SPAN_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most 31 days after from" });
  });
export type ReplayQuery = z.infer<typeof replayQuerySchema>;

export type PolicyReplay = { policyId: number; name: string; kind: string; version: number; result: SimulationResult };

export type ReplayRun = { from: number; to: number; loadPoints: number; initialReplicas: number; replays: PolicyReplay[] };

/**
 * Replays one or two of an endpoint's horizontal policies over its recorded load (the requests_per_second
 * metric) in a range. Predictive policies fit their forecast on up to four weeks of load before `from`.
 */
export async function replayScalingPolicies(ctx: Ctx, input: { endpoint: string; query: ReplayQuery }): Promise<ReplayRun> {
  authorize(ctx, READ_SCALING);
  const { query } = input;
  const policyIds = query.compare && query.compare !== query.policy ? [query.policy, query.compare] : [query.policy];
  const policies = await Promise.all(policyIds.map((policyId) => getScalingPolicy(ctx, { endpoint: input.endpoint, policyId })));
  for (const policy of policies) {
    if (!isHorizontal(policy.spec)) {
      throw new KeelError("unprocessable", `Policy "${policy.name}" is a ${policy.kind} policy, which sets no replica count; choose a horizontal policy to replay.`, [
        { path: policy.id === query.policy ? "policy" : "compare", message: `${policy.kind} policies cannot be replayed` },
      ]);
    }
  }

  const [endpoint] = await ctx.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.name, input.endpoint));
  const from = new Date(query.from);
  const to = new Date(query.to);
  const series = await loadColumns(ctx, endpoint.id, from, to);
  if (series.timestamps.length === 0) {
    throw new KeelError("unprocessable", `No requests_per_second metric on endpoint "${input.endpoint}" between ${query.from} and ${query.to}; choose a range with load.`, [
      { path: "from", message: "no load in this range" },
    ]);
  }
  const needsHistory = policies.some((policy) => policy.kind === "predictive");
  const history = needsHistory ? await loadColumns(ctx, endpoint.id, new Date(from.getTime() - FIT_HISTORY_HOURS * HOUR_MS), from) : undefined;
  const initialReplicas = await replicasAt(ctx, endpoint.id, from);

  const capacityPerReplica = query.capacity ?? sharedCapacity(policies.map((policy) => policy.spec));
  const replays = policies.map((policy) => {
    const spec = policy.spec as Parameters<typeof simulate>[0]["policy"];
    const start = initialReplicas ?? spec.minReplicas;
    const result = simulate({ policy: spec, series, history, initialReplicas: start, capacityPerReplica, pricePerReplicaHour: query.price });
    return { policyId: policy.id, name: policy.name, kind: policy.kind, version: policy.version, result };
  });
  return { from: from.getTime(), to: to.getTime(), loadPoints: series.timestamps.length, initialReplicas: initialReplicas ?? replays[0].result.points[0].replicas, replays };
}

/**
 * Returns the per-replica load target of the first policy that has one, so that two policies replayed side
 * by side count SLO breaches against the same capacity. Undefined when no policy has one; the replay then
 * needs `capacity`.
 */
function sharedCapacity(specs: ScalingPolicySpec[]): number | undefined {
  for (const spec of specs) {
    if ((spec.kind === "target_tracking" || spec.kind === "predictive") && spec.metric.endsWith("_per_replica")) return spec.target;
  }
  return undefined;
}

async function loadColumns(ctx: Ctx, endpointId: number, from: Date, to: Date): Promise<LoadColumns> {
  const rows = await ctx.db
    .select({ timestamp: operationalMetrics.timestamp, value: operationalMetrics.value })
    .from(operationalMetrics)
    .where(
      and(
        eq(operationalMetrics.endpointId, endpointId),
        eq(operationalMetrics.name, "requests_per_second"),
        gte(operationalMetrics.timestamp, from),
        lt(operationalMetrics.timestamp, to),
      ),
    )
    .orderBy(asc(operationalMetrics.timestamp));
  return { timestamps: Float64Array.from(rows, (row) => row.timestamp.getTime()), values: Float64Array.from(rows, (row) => row.value) };
}

async function replicasAt(ctx: Ctx, endpointId: number, at: Date): Promise<number | null> {
  const [row] = await ctx.db
    .select({ value: operationalMetrics.value })
    .from(operationalMetrics)
    .where(and(eq(operationalMetrics.endpointId, endpointId), inArray(operationalMetrics.name, ["replicas"]), lte(operationalMetrics.timestamp, at)))
    .orderBy(desc(operationalMetrics.timestamp))
    .limit(1);
  return row ? Math.max(1, Math.round(row.value)) : null;
}

/** Returns the time of the endpoint's latest requests_per_second point, or null when it has none. */
export async function latestLoadAt(ctx: Ctx, input: { endpoint: string }): Promise<Date | null> {
  authorize(ctx, READ_SCALING);
  const [row] = await ctx.db
    .select({ timestamp: operationalMetrics.timestamp })
    .from(operationalMetrics)
    .innerJoin(endpoints, eq(endpoints.id, operationalMetrics.endpointId))
    .where(and(eq(endpoints.name, input.endpoint), eq(operationalMetrics.name, "requests_per_second")))
    .orderBy(desc(operationalMetrics.timestamp))
    .limit(1);
  return row?.timestamp ?? null;
}
