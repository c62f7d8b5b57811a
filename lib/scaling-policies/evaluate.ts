import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, operationalMetrics, scalingDecisions, scalingPolicies } from "../db/schema";
import { FIT_HISTORY_HOURS, HOUR_MS } from "../scaling/forecast";
import { HORIZONTAL_KINDS, type HorizontalPolicy } from "../scaling/schema";
import { enqueueWebhookDeliveries } from "../webhooks/deliveries";
import { forecastMetricOf, metricsFor, recommendReplicas, type HourlyLoad, type MetricHistory } from "./recommend";
import { MANAGE_SCALING } from "./requests";

/**
 * How far back an evaluation reads the metrics. One hour covers Kubernetes' longest stabilization window
 * (3,600 s) and its longest policy period (1,800 s), so the replay reaches the same state as a live HPA.
 */
export const LOOKBACK_MS = 60 * 60_000;
/** A replica count older than this before the evaluation time is stale, and the policy is skipped. */
export const STALE_AFTER_MS = 10 * 60_000;

export type EvaluationResult = {
  evaluatedAt: Date;
  decisions: (typeof scalingDecisions.$inferSelect)[];
  /** Policies that had no recent load or replica count, with the reason. */
  skipped: { policyId: number; reason: string }[];
};

/**
 * Evaluates every active horizontal policy (of one endpoint when given) at `at`, truncated to the minute,
 * stores one decision per policy and sends each new decision as a signed `scaling.decision` webhook.
 * A repeated evaluation of the same minute stores and sends nothing new. Engineers, or Keel's scheduler.
 */
export async function evaluateScalingPolicies(ctx: Ctx, input: { at?: Date; endpoint?: string } = {}): Promise<EvaluationResult> {
  authorize(ctx, MANAGE_SCALING);
  const evaluatedAt = new Date(Math.floor((input.at ?? ctx.now()).getTime() / 60_000) * 60_000);

  const policies = await ctx.db
    .select({ policy: scalingPolicies, endpoint: endpoints.name })
    .from(scalingPolicies)
    .innerJoin(endpoints, eq(endpoints.id, scalingPolicies.endpointId))
    .where(
      and(
        eq(scalingPolicies.active, true),
        inArray(scalingPolicies.kind, [...HORIZONTAL_KINDS]),
        input.endpoint ? eq(endpoints.name, input.endpoint) : undefined,
      ),
    )
    .orderBy(asc(scalingPolicies.id));

  const result: EvaluationResult = { evaluatedAt, decisions: [], skipped: [] };
  for (const { policy, endpoint } of policies) {
    const spec = policy.spec as HorizontalPolicy;
    const history = await readHistory(ctx, policy.endpointId, metricsFor(spec), evaluatedAt);
    const replicas = history.get("replicas") ?? [];
    const current = replicas.at(-1);
    if (!current || evaluatedAt.getTime() - current.timestampMs > STALE_AFTER_MS) {
      const reason = `no replicas metric in the ${STALE_AFTER_MS / 60_000} minutes before ${evaluatedAt.toISOString()}`;
      result.skipped.push({ policyId: policy.id, reason });
      continue;
    }

    const hourlyLoad = spec.kind === "predictive" ? await readHourlyLoad(ctx, policy.endpointId, forecastMetricOf(spec), evaluatedAt) : undefined;
    const recommendation = recommendReplicas(spec, history, evaluatedAt.getTime(), hourlyLoad);
    if ("skipped" in recommendation) {
      result.skipped.push({ policyId: policy.id, reason: recommendation.skipped });
      continue;
    }

    const metrics = Object.fromEntries([...history].map(([name, points]) => [name, points.at(-1)!.value]));
    if (recommendation.forecastLoad !== undefined) metrics.forecast_load = recommendation.forecastLoad;
    const decision = await storeDecision(ctx, {
      policy,
      endpoint,
      evaluatedAt,
      currentReplicas: Math.round(current.value),
      desiredReplicas: recommendation.desiredReplicas,
      rule: recommendation.rule,
      metrics,
    });
    if (decision) result.decisions.push(decision);
  }

  ctx.log.info({ evaluatedAt, decisions: result.decisions.length, skipped: result.skipped.length }, "scaling policies evaluated");
  return result;
}

async function readHistory(ctx: Ctx, endpointId: number, names: string[], at: Date): Promise<MetricHistory> {
  const rows = await ctx.db
    .select({ name: operationalMetrics.name, timestamp: operationalMetrics.timestamp, value: operationalMetrics.value })
    .from(operationalMetrics)
    .where(
      and(
        eq(operationalMetrics.endpointId, endpointId),
        inArray(operationalMetrics.name, names),
        gt(operationalMetrics.timestamp, new Date(at.getTime() - LOOKBACK_MS)),
        lte(operationalMetrics.timestamp, at),
      ),
    )
    .orderBy(asc(operationalMetrics.timestamp));

  const history: MetricHistory = new Map();
  for (const row of rows) {
    const points = history.get(row.name) ?? [];
    points.push({ timestampMs: row.timestamp.getTime(), value: row.value });
    history.set(row.name, points);
  }
  return history;
}

/**
 * Reads the hourly means of a load metric over the FIT_HISTORY_HOURS whole hours before `at`'s hour. An
 * hour without points takes the mean of the hour before, so the forecast gets an unbroken series; leading
 * empty hours are dropped.
 */
async function readHourlyLoad(ctx: Ctx, endpointId: number, metric: string, at: Date): Promise<HourlyLoad> {
  const endMs = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const hour = sql<Date>`date_trunc('hour', ${operationalMetrics.timestamp})`;
  const rows = await ctx.db
    .select({ hour, mean: sql<number>`avg(${operationalMetrics.value})`.mapWith(Number) })
    .from(operationalMetrics)
    .where(
      and(
        eq(operationalMetrics.endpointId, endpointId),
        eq(operationalMetrics.name, metric),
        gt(operationalMetrics.timestamp, new Date(endMs - FIT_HISTORY_HOURS * HOUR_MS)),
        lt(operationalMetrics.timestamp, new Date(endMs)),
      ),
    )
    .groupBy(hour)
    .orderBy(hour);
  if (rows.length === 0) return { metric, startMs: endMs, means: [] };

  const byHour = new Map(rows.map((row) => [new Date(row.hour).getTime(), row.mean]));
  const startMs = new Date(rows[0].hour).getTime();
  const means: number[] = [];
  for (let hourMs = startMs; hourMs < endMs; hourMs += HOUR_MS) means.push(byHour.get(hourMs) ?? means.at(-1)!);
  return { metric, startMs, means };
}

type DecisionValues = {
  policy: typeof scalingPolicies.$inferSelect;
  endpoint: string;
  evaluatedAt: Date;
  currentReplicas: number;
  desiredReplicas: number;
  rule: string;
  metrics: Record<string, number>;
};

// Stores the decision and its webhook deliveries in one transaction, so a decision is never sent twice
// or stored without its deliveries. Returns null when this policy already has a decision for the minute.
async function storeDecision(ctx: Ctx, values: DecisionValues) {
  return ctx.db.transaction(async (tx) => {
    const [decision] = await tx
      .insert(scalingDecisions)
      .values({
        policyId: values.policy.id,
        policyVersion: values.policy.version,
        endpointId: values.policy.endpointId,
        evaluatedAt: values.evaluatedAt,
        currentReplicas: values.currentReplicas,
        desiredReplicas: values.desiredReplicas,
        rule: values.rule,
        metrics: values.metrics,
      })
      .onConflictDoNothing()
      .returning();
    if (!decision) return null;

    const event = {
      type: "scaling.decision" as const,
      data: {
        id: decision.id,
        endpoint: { id: values.policy.endpointId, name: values.endpoint },
        policy: { id: values.policy.id, name: values.policy.name, kind: values.policy.kind, version: values.policy.version },
        evaluatedAt: decision.evaluatedAt.toISOString(),
        currentReplicas: decision.currentReplicas,
        desiredReplicas: decision.desiredReplicas,
        rule: decision.rule,
        metrics: decision.metrics,
      },
    };
    await enqueueWebhookDeliveries({ ...ctx, db: tx }, { purpose: "scaling", event });
    return decision;
  });
}
