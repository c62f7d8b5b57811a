import { z } from "zod";
import { KeelError } from "../errors";
import { createEvaluator } from "./evaluator";
import { HOUR_MS, hourlyMeans, rollingHourlyForecast } from "./forecast";
import { HORIZONTAL_KINDS, MAX_REPLICAS_LIMIT, scalingPolicySchema, type HorizontalPolicy, type ScalingPolicy } from "./schema";

/** Maximum points in a replay: 90 days at one-minute resolution. */
export const MAX_SERIES_POINTS = 90 * 24 * 60;

const loadPointSchema = z.strictObject({
  timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T00:00:00Z" }),
  value: z.number({ error: "must be a number" }).min(0, "must not be negative; value is the endpoint's total load").refine(Number.isFinite, "must be a finite number"),
});

const loadSeriesSchema = z
  .array(loadPointSchema)
  .max(MAX_SERIES_POINTS, `must have at most ${MAX_SERIES_POINTS} points`)
  .superRefine((series, ctx) => {
    for (let i = 1; i < series.length; i++) {
      if (Date.parse(series[i].timestamp) <= Date.parse(series[i - 1].timestamp)) {
        ctx.addIssue({ code: "custom", path: [i, "timestamp"], message: `must be after the previous point (${series[i - 1].timestamp}); sort the series by time` });
        return;
      }
    }
  });

/** Body of POST /api/v1/scaling/simulate. */
export const simulateRequestSchema = z
  .strictObject({
    policy: scalingPolicySchema,
    /** Total load per evaluation, oldest first; each point is one evaluation. */
    series: loadSeriesSchema.min(1, "must have at least one point"),
    /** Load before the replay range, used only to fit the forecast of predictive policies. */
    history: loadSeriesSchema.optional(),
    initialReplicas: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(MAX_REPLICAS_LIMIT, `must be at most ${MAX_REPLICAS_LIMIT}`),
    /** Load one replica serves within the SLO; defaults to the policy's per-replica target. */
    capacityPerReplica: z.number({ error: "must be a number" }).positive("must be above 0").optional(),
    /** Price of one replica for one hour, in any currency, to report the replay's cost. */
    pricePerReplicaHour: z.number({ error: "must be a number" }).min(0, "must not be negative").optional(),
  })
  .superRefine((request, ctx) => {
    if (!(HORIZONTAL_KINDS as readonly string[]).includes(request.policy.kind)) {
      ctx.addIssue({ code: "custom", path: ["policy", "kind"], message: `must be one of ${HORIZONTAL_KINDS.join(", ")} to replay; ${request.policy.kind} policies set no replica count` });
    }
  });
export type SimulateRequest = z.infer<typeof simulateRequestSchema>;

/** One evaluation: `replicas` served `load`; `forecast` is the forecast hourly mean load, for predictive policies. */
export type SimulationPoint = { timestamp: string; load: number; replicas: number; forecast?: number };

export type SimulationSummary = {
  /** Sum of serving replicas times the time to the next point, in hours. */
  replicaHours: number;
  /** Minutes in which the load was above the serving replicas' capacity. */
  sloBreachMinutes: number;
  /** Evaluations that changed the replica count. */
  scaleEvents: number;
  capacityPerReplica: number;
  cost?: number;
};

export type SimulationResult = { points: SimulationPoint[]; summary: SimulationSummary };

/** A load series as columns, for replays that do not go through JSON. */
export type LoadColumns = { timestamps: ArrayLike<number>; values: ArrayLike<number> };

export type SimulationInput = {
  policy: HorizontalPolicy;
  series: LoadColumns;
  history?: LoadColumns;
  initialReplicas: number;
  capacityPerReplica?: number;
  pricePerReplicaHour?: number;
};

/** Capacity per replica for SLO breaches: the given one, or the policy's per-replica load target. */
function resolveCapacity(policy: HorizontalPolicy, capacityPerReplica: number | undefined): number {
  if (capacityPerReplica !== undefined) return capacityPerReplica;
  if ((policy.kind === "target_tracking" || policy.kind === "predictive") && policy.metric.endsWith("_per_replica")) return policy.target;

  throw new KeelError("unprocessable", "Replay is not possible for this policy.", [
    { path: "capacityPerReplica", message: `must be set for a ${policy.kind} policy on ${"metric" in policy ? policy.metric : "a schedule"}; give the load one replica serves` },
  ]);
}

function concatColumns(history: LoadColumns | undefined, series: LoadColumns): LoadColumns {
  if (!history || history.timestamps.length === 0) return series;
  return {
    timestamps: Float64Array.from([...Array.from(history.timestamps), ...Array.from(series.timestamps)]),
    values: Float64Array.from([...Array.from(history.values), ...Array.from(series.values)]),
  };
}

/** Returns the forecast of the hourly mean load at any time, from a rolling fit over history and series. */
function forecastFunction(policy: HorizontalPolicy, input: SimulationInput): ((timeMs: number) => number) | undefined {
  if (policy.kind !== "predictive") return undefined;

  const all = concatColumns(input.history, input.series);
  const { startMs, means } = hourlyMeans(all.timestamps, all.values);
  // Hours of the history itself need no forecast, so the first fit is at the hour of the first replayed point.
  const fromHour = Math.floor((input.series.timestamps[0] - startMs) / HOUR_MS);
  const forecast = rollingHourlyForecast(means, policy.horizonHours, fromHour);
  return (timeMs) => {
    const hour = Math.floor((timeMs - startMs) / HOUR_MS);
    return hour >= 0 && hour < forecast.length ? forecast[hour] : Number.NaN;
  };
}

/**
 * Replays a horizontal policy over a load series. Each point is one evaluation: the replicas that served the
 * point are those decided at the previous one, so a scale-up takes effect one evaluation late, as a new
 * replica needs time to start. A point lasts until the next one; the last lasts as long as the one before.
 */
export function simulate(input: SimulationInput): SimulationResult {
  const { policy, series } = input;
  const count = series.timestamps.length;
  const fromMs = series.timestamps[0];
  const toMs = series.timestamps[count - 1];
  const forecastAt = forecastFunction(policy, input);
  const evaluate = createEvaluator(policy, { capacityPerReplica: input.capacityPerReplica, fromMs, toMs, forecastAt });
  const capacity = resolveCapacity(policy, input.capacityPerReplica);

  const points: SimulationPoint[] = new Array(count);
  let replicas = input.initialReplicas;
  let replicaMs = 0;
  let breachMs = 0;
  let scaleEvents = 0;
  for (let i = 0; i < count; i++) {
    const nowMs = series.timestamps[i];
    const load = series.values[i];
    const durationMs = i + 1 < count ? series.timestamps[i + 1] - nowMs : i > 0 ? nowMs - series.timestamps[i - 1] : 60_000;

    replicaMs += replicas * durationMs;
    if (load > replicas * capacity) breachMs += durationMs;

    const decision = evaluate({ nowMs, currentReplicas: replicas, load });
    points[i] = { timestamp: new Date(nowMs).toISOString(), load, replicas };
    const forecast = forecastAt?.(nowMs);
    if (forecast !== undefined && !Number.isNaN(forecast)) points[i].forecast = forecast;

    if (decision.desiredReplicas !== replicas) scaleEvents += 1;
    replicas = decision.desiredReplicas;
  }

  const replicaHours = replicaMs / HOUR_MS;
  const summary: SimulationSummary = { replicaHours, sloBreachMinutes: breachMs / 60_000, scaleEvents, capacityPerReplica: capacity };
  if (input.pricePerReplicaHour !== undefined) summary.cost = replicaHours * input.pricePerReplicaHour;
  return { points, summary };
}

function toColumns(points: { timestamp: string; value: number }[]): LoadColumns {
  return { timestamps: Float64Array.from(points, (point) => Date.parse(point.timestamp)), values: Float64Array.from(points, (point) => point.value) };
}

/** Replays the policy of a parsed simulate request. */
export function simulateRequest(request: SimulateRequest): SimulationResult {
  return simulate({
    policy: request.policy as HorizontalPolicy,
    series: toColumns(request.series),
    history: request.history ? toColumns(request.history) : undefined,
    initialReplicas: request.initialReplicas,
    capacityPerReplica: request.capacityPerReplica,
    pricePerReplicaHour: request.pricePerReplicaHour,
  });
}

export type SimulationComparison = {
  first: SimulationResult;
  second: SimulationResult;
  /** Second minus first for each summary figure. */
  difference: { replicaHours: number; sloBreachMinutes: number; scaleEvents: number; cost?: number };
};

/** Replays two policies over the same load, for a side-by-side view. */
export function comparePolicies(first: HorizontalPolicy, second: HorizontalPolicy, input: Omit<SimulationInput, "policy">): SimulationComparison {
  const a = simulate({ ...input, policy: first });
  const b = simulate({ ...input, policy: second });
  const difference: SimulationComparison["difference"] = {
    replicaHours: b.summary.replicaHours - a.summary.replicaHours,
    sloBreachMinutes: b.summary.sloBreachMinutes - a.summary.sloBreachMinutes,
    scaleEvents: b.summary.scaleEvents - a.summary.scaleEvents,
  };
  if (a.summary.cost !== undefined && b.summary.cost !== undefined) difference.cost = b.summary.cost - a.summary.cost;
  return { first: a, second: b, difference };
}

/** Tells whether a policy can be replayed. */
export function isHorizontal(policy: ScalingPolicy): policy is HorizontalPolicy {
  return (HORIZONTAL_KINDS as readonly string[]).includes(policy.kind);
}
