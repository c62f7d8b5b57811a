import { hpaConfigFor } from "../scaling/evaluator";
import { createHpaState, evaluateHpa, type HpaState } from "../scaling/hpa";
import { boundsAt } from "../scaling/scheduled";
import { forecastHourly, HOUR_MS, MIN_HISTORY_HOURS } from "../scaling/forecast";
import type { HorizontalPolicy, PredictivePolicy, ScheduledPolicy, StepPolicy, TargetTrackingPolicy } from "../scaling/schema";
import { evaluateStep } from "../scaling/step";

/** One metric's points in time order. */
export type MetricPoint = { timestampMs: number; value: number };

/** The endpoint's recent operational metrics, by name, ending at the evaluation time. */
export type MetricHistory = Map<string, MetricPoint[]>;

export type Recommendation = { desiredReplicas: number; rule: string; forecastLoad?: number } | { skipped: string };

/** Hourly means of a load metric, oldest first, for the whole hours before the evaluation's hour. */
export type HourlyLoad = { metric: string; startMs: number; means: number[] };

/**
 * Returns the operational metric names a policy's evaluation reads: the replica count, the load, and the
 * metric the policy targets.
 */
export function metricsFor(policy: HorizontalPolicy): string[] {
  const names = new Set(["replicas", "requests_per_second", "cpu_percent", "latency_p95_ms", "queue_depth"]);
  if ("metric" in policy) names.add(sourceMetric(policy).name);
  return [...names];
}

type Source = { name: string; perReplica: boolean };

// Per-replica metrics are derived from the endpoint's totals, which is what the demo and most serving code report.
function sourceMetric(policy: Pick<TargetTrackingPolicy | StepPolicy, "metric" | "customMetric">): Source {
  switch (policy.metric) {
    case "requests_per_second_per_replica":
      return { name: "requests_per_second", perReplica: true };
    case "queue_depth_per_replica":
      return { name: "queue_depth", perReplica: true };
    case "custom":
      return { name: policy.customMetric ?? "", perReplica: false };
    default:
      return { name: policy.metric, perReplica: false };
  }
}

/** Returns the latest point at or before `timestampMs`, or undefined. */
function valueAt(points: MetricPoint[] | undefined, timestampMs: number): number | undefined {
  if (!points) return undefined;
  let value: number | undefined;
  for (const point of points) {
    if (point.timestampMs > timestampMs) break;
    value = point.value;
  }
  return value;
}

/**
 * Recommends a replica count at `atMs` from the metric history. Target tracking runs the Kubernetes HPA of
 * lib/scaling/hpa.ts once per minute of the history, so the stabilization windows see the recommendations
 * of the past hour. The rate policies count the replica changes that the `replicas` metric shows, because
 * those are the changes the operator made.
 */
export function recommendReplicas(policy: HorizontalPolicy, history: MetricHistory, atMs: number, hourlyLoad?: HourlyLoad): Recommendation {
  switch (policy.kind) {
    case "target_tracking":
      return recommendTargetTracking(policy, history, atMs);
    case "step":
      return recommendStep(policy, history, atMs);
    case "scheduled":
      return recommendScheduled(policy, history, atMs);
    case "predictive":
      return recommendPredictive(policy, history, atMs, hourlyLoad);
  }
}

/** Returns the metric whose total a predictive policy forecasts, such as `requests_per_second`. */
export function forecastMetricOf(policy: PredictivePolicy): string {
  return sourceMetric({ metric: policy.metric, customMetric: undefined }).name;
}

/**
 * Predictive scaling as the replay does it (lib/scaling/evaluator.ts): the load forecast `bufferSeconds`
 * ahead, divided by the target, raises the minimum replicas in forecast-and-scale mode, and target tracking
 * on the same target scales above that minimum. The forecast is refitted at every evaluation from the
 * hourly means before the current hour. In forecast-only mode the decision is plain target tracking and the
 * rule reports the forecast.
 */
function recommendPredictive(policy: PredictivePolicy, history: MetricHistory, atMs: number, hourlyLoad: HourlyLoad | undefined): Recommendation {
  const hours = hourlyLoad?.means.length ?? 0;
  if (!hourlyLoad || hours < MIN_HISTORY_HOURS) {
    return { skipped: `forecast needs ${MIN_HISTORY_HOURS} hours of ${forecastMetricOf(policy)} history, found ${hours}` };
  }

  const historyEndMs = hourlyLoad.startMs + hours * HOUR_MS;
  const aheadHours = Math.floor((atMs + policy.bufferSeconds * 1_000 - historyEndMs) / HOUR_MS);
  const forecast = forecastHourly(hourlyLoad.means, Math.max(policy.horizonHours, aheadHours + 1));
  const forecastLoad = forecast[Math.max(0, aheadHours)];

  const forecastReplicas = Math.min(policy.maxReplicas, Math.max(policy.minReplicas, Math.ceil(forecastLoad / policy.target)));
  const minReplicas = policy.mode === "forecast_and_scale" ? forecastReplicas : policy.minReplicas;
  const tracking: TargetTrackingPolicy = {
    kind: "target_tracking",
    metric: policy.metric,
    target: policy.target,
    tolerance: 0.1,
    minReplicas,
    maxReplicas: policy.maxReplicas,
  } as TargetTrackingPolicy;
  const reactive = recommendTargetTracking(tracking, history, atMs);
  if ("skipped" in reactive) return reactive;

  const shown = Number(forecastLoad.toPrecision(4));
  const use = policy.mode === "forecast_and_scale" ? `sets the minimum to ${minReplicas}` : "is reported only";
  const rule = `predictive: forecast ${forecastMetricOf(policy)} ${shown} at +${policy.bufferSeconds} s ${use}; ${reactive.rule}`;
  return { desiredReplicas: reactive.desiredReplicas, rule, forecastLoad };
}

/** Applies the scheduled bounds in force at `atMs` to the current replica count. */
function recommendScheduled(policy: ScheduledPolicy, history: MetricHistory, atMs: number): Recommendation {
  const current = valueAt(history.get("replicas"), atMs);
  if (current === undefined) return { skipped: `no replicas metric before ${new Date(atMs).toISOString()}` };

  const bounds = boundsAt(policy, atMs);
  const desiredReplicas = Math.min(bounds.maxReplicas, Math.max(bounds.minReplicas, Math.round(current)));
  const windows = bounds.windows.length > 0 ? `window ${bounds.windows.join(", ")}` : "outside every window";
  return { desiredReplicas, rule: `scheduled ${windows} in ${policy.timezone}: replicas between ${bounds.minReplicas} and ${bounds.maxReplicas}` };
}

/** Runs the step policy once, with its cooldown measured from the last replica change the metrics show. */
function recommendStep(policy: StepPolicy, history: MetricHistory, atMs: number): Recommendation {
  const replicas = history.get("replicas") ?? [];
  const source = sourceMetric(policy);
  const current = valueAt(replicas, atMs);
  const count = current === undefined ? undefined : Math.round(current);
  const value = count === undefined ? undefined : valueAt(history.get(source.name), atMs);
  if (count === undefined || value === undefined) return { skipped: `no replicas or ${source.name} metric before ${new Date(atMs).toISOString()}` };

  const changes = [...observedChanges(replicas, atMs, 1), ...observedChanges(replicas, atMs, -1)];
  const lastActionMs = changes.length > 0 ? Math.max(...changes.map((change) => change.timestampMs)) : null;
  const metricValue = source.perReplica ? value / Math.max(1, count) : value;
  const decision = evaluateStep(policy, { lastActionMs }, { nowMs: atMs, currentReplicas: count, metricValue });
  const shown = Number(metricValue.toPrecision(4));
  const step = decision.stepIndex >= 0 ? `step ${decision.stepIndex + 1}` : "no step";
  return { desiredReplicas: decision.desiredReplicas, rule: `step ${policy.metric === "custom" ? source.name : policy.metric} ${shown}: ${step}, ${decision.reason.replace("_", " ")} → ${decision.desiredReplicas}` };
}

function recommendTargetTracking(policy: TargetTrackingPolicy, history: MetricHistory, atMs: number): Recommendation {
  const replicas = history.get("replicas") ?? [];
  const source = sourceMetric(policy);
  const metric = history.get(source.name) ?? [];
  const current = valueAt(replicas, atMs);
  if (current === undefined || metric.length === 0) return { skipped: `no replicas or ${source.name} metric before ${new Date(atMs).toISOString()}` };

  const config = hpaConfigFor(policy);
  const perReplica = (timestampMs: number, count: number) => {
    const value = valueAt(metric, timestampMs);
    if (value === undefined) return undefined;
    return source.perReplica ? value / Math.max(1, count) : value;
  };

  const state: HpaState = createHpaState();
  const startMs = Math.min(...[replicas[0]?.timestampMs ?? atMs, metric[0].timestampMs]);
  for (let minuteMs = Math.ceil(startMs / 60_000) * 60_000; minuteMs < atMs; minuteMs += 60_000) {
    const count = valueAt(replicas, minuteMs);
    const metricValue = count === undefined ? undefined : perReplica(minuteMs, count);
    if (count === undefined || metricValue === undefined) continue;
    evaluateHpa(config, state, { nowMs: minuteMs, currentReplicas: Math.round(count), metricValue });
  }
  state.scaleUpEvents = observedChanges(replicas, atMs, 1);
  state.scaleDownEvents = observedChanges(replicas, atMs, -1);

  const currentReplicas = Math.round(current);
  const metricValue = perReplica(atMs, currentReplicas)!;
  const decision = evaluateHpa(config, state, { nowMs: atMs, currentReplicas, metricValue });
  const shown = Number(metricValue.toPrecision(4));
  const rule =
    `target tracking ${policy.metric === "custom" ? source.name : policy.metric} ${shown} against target ${policy.target} ` +
    `(tolerance ${policy.tolerance}): ${decision.metricReplicas} from the metric, ${decision.reason.replace("_", " ")} → ${decision.desiredReplicas}`;
  return { desiredReplicas: decision.desiredReplicas, rule };
}

// Replica changes seen in the `replicas` metric, as the HPA's scale events of one direction.
function observedChanges(replicas: MetricPoint[], atMs: number, direction: 1 | -1) {
  const events: { timestampMs: number; change: number }[] = [];
  for (let i = 1; i < replicas.length && replicas[i].timestampMs <= atMs; i++) {
    const change = (Math.round(replicas[i].value) - Math.round(replicas[i - 1].value)) * direction;
    if (change > 0) events.push({ timestampMs: replicas[i].timestampMs, change });
  }
  return events;
}
