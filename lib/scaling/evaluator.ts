import { KeelError } from "../errors";
import { resolveBehavior } from "./behavior";
import { createHpaState, evaluateHpa, type HpaConfig } from "./hpa";
import { scheduleCursor } from "./scheduled";
import type { HorizontalPolicy, PredictivePolicy, ScalingMetric, TargetTrackingPolicy } from "./schema";
import { createStepState, evaluateStep } from "./step";

// Turns a horizontal policy into a stateful function from one observation of the total load to a replica
// count, so that a replay and a scheduled evaluation run the same code.

export type Observation = {
  nowMs: number;
  currentReplicas: number;
  /** Total load on the endpoint, in the unit of the policy's per-replica target (such as requests per second). */
  load: number;
};

export type Decision = {
  desiredReplicas: number;
  /** The metric value the policy saw, derived from the load and the current replicas. */
  metricValue: number;
  /** Rule that set the count: an HPA reason, a step outcome, a schedule window or "forecast". */
  rule: string;
  /** Forecast total load at `nowMs` plus the buffer time, for predictive policies with history. */
  forecastLoad?: number;
};

export type EvaluatorOptions = {
  /** Load one replica serves at full use; needed for CPU and GPU utilization metrics. */
  capacityPerReplica?: number;
  /** Range of the evaluations, for scheduled policies. */
  fromMs: number;
  toMs: number;
  /** Forecast total load at a time, or NaN where there is none; for predictive policies. */
  forecastAt?: (timeMs: number) => number;
};

export type PolicyEvaluator = (observation: Observation) => Decision;

const UTILIZATION_METRICS: ScalingMetric[] = ["cpu_percent", "gpu_utilization_percent"];
const PER_REPLICA_METRICS: ScalingMetric[] = ["requests_per_second_per_replica", "queue_depth_per_replica"];

/**
 * Returns how to derive a policy's metric from total load and replicas: load per replica, or utilization in
 * percent of `capacityPerReplica`. Throws a 422 for metrics that load alone cannot give (latency, custom).
 */
export function metricFromLoad(metric: ScalingMetric, capacityPerReplica: number | undefined): (load: number, replicas: number) => number {
  if (PER_REPLICA_METRICS.includes(metric)) return (load, replicas) => load / replicas;

  if (UTILIZATION_METRICS.includes(metric)) {
    if (capacityPerReplica === undefined) {
      throw new KeelError("unprocessable", "Replay is not possible for this policy.", [
        { path: "capacityPerReplica", message: `must be set for a ${metric} policy, so that load can be turned into utilization` },
      ]);
    }
    return (load, replicas) => (100 * load) / (replicas * capacityPerReplica);
  }

  throw new KeelError("unprocessable", "Replay is not possible for this policy.", [
    { path: "policy.metric", message: `${metric} cannot be derived from load; replay a policy on requests_per_second_per_replica, queue_depth_per_replica, cpu_percent or gpu_utilization_percent` },
  ]);
}

/**
 * Returns the HPA settings of a target-tracking or predictive policy, with Kubernetes' default behavior for
 * predictive ones. A scheduled evaluation can pass them to `evaluateHpa` with an `HpaState` it stores as JSON.
 */
export function hpaConfigFor(policy: TargetTrackingPolicy | PredictivePolicy): HpaConfig {
  if (policy.kind === "predictive") {
    return { target: policy.target, tolerance: 0.1, minReplicas: policy.minReplicas, maxReplicas: policy.maxReplicas, behavior: resolveBehavior(undefined) };
  }
  return { target: policy.target, tolerance: policy.tolerance, minReplicas: policy.minReplicas, maxReplicas: policy.maxReplicas, behavior: resolveBehavior(policy.behavior) };
}

function targetTrackingEvaluator(policy: TargetTrackingPolicy, options: EvaluatorOptions): PolicyEvaluator {
  const toMetric = metricFromLoad(policy.metric, options.capacityPerReplica);
  const config = hpaConfigFor(policy);
  const state = createHpaState();
  return ({ nowMs, currentReplicas, load }) => {
    const metricValue = toMetric(load, currentReplicas);
    const decision = evaluateHpa(config, state, { nowMs, currentReplicas, metricValue });
    return { desiredReplicas: decision.desiredReplicas, metricValue, rule: decision.reason };
  };
}

/**
 * Predictive scaling as AWS applies it: the forecast load, `bufferSeconds` ahead, divided by the target sets
 * the minimum replicas, and target tracking on the same target scales above it. In forecast-only mode the
 * forecast is reported and the minimum is left alone.
 */
function predictiveEvaluator(policy: PredictivePolicy, options: EvaluatorOptions): PolicyEvaluator {
  const toMetric = metricFromLoad(policy.metric, options.capacityPerReplica);
  const config = hpaConfigFor(policy);
  const state = createHpaState();
  return ({ nowMs, currentReplicas, load }) => {
    const metricValue = toMetric(load, currentReplicas);
    const forecastLoad = options.forecastAt?.(nowMs + policy.bufferSeconds * 1_000) ?? Number.NaN;
    const hasForecast = !Number.isNaN(forecastLoad);

    let minReplicas = policy.minReplicas;
    if (policy.mode === "forecast_and_scale" && hasForecast) {
      minReplicas = Math.min(policy.maxReplicas, Math.max(policy.minReplicas, Math.ceil(forecastLoad / policy.target)));
    }

    const decision = evaluateHpa({ ...config, minReplicas }, state, { nowMs, currentReplicas, metricValue });
    const rule = decision.reason === "below_min" && minReplicas > policy.minReplicas ? "forecast" : decision.reason;
    return { desiredReplicas: decision.desiredReplicas, metricValue, rule, ...(hasForecast ? { forecastLoad } : {}) };
  };
}

/** Returns an evaluator for a horizontal policy; it keeps the policy's state between calls in time order. */
export function createEvaluator(policy: HorizontalPolicy, options: EvaluatorOptions): PolicyEvaluator {
  switch (policy.kind) {
    case "target_tracking":
      return targetTrackingEvaluator(policy, options);
    case "predictive":
      return predictiveEvaluator(policy, options);
    case "step": {
      const toMetric = metricFromLoad(policy.metric, options.capacityPerReplica);
      const state = createStepState();
      return ({ nowMs, currentReplicas, load }) => {
        const metricValue = toMetric(load, currentReplicas);
        const decision = evaluateStep(policy, state, { nowMs, currentReplicas, metricValue });
        const rule = decision.stepIndex >= 0 ? `step ${decision.stepIndex + 1}` : decision.reason;
        return { desiredReplicas: decision.desiredReplicas, metricValue, rule: decision.reason === "cooldown" ? "cooldown" : rule };
      };
    }
    case "scheduled": {
      const boundsAt = scheduleCursor(policy, options.fromMs, options.toMs);
      return ({ nowMs, currentReplicas, load }) => {
        const bounds = boundsAt(nowMs);
        const desiredReplicas = Math.min(bounds.maxReplicas, Math.max(bounds.minReplicas, currentReplicas));
        const rule = bounds.windows.length > 0 ? `schedule ${bounds.windows.join(", ")}` : "schedule default";
        return { desiredReplicas, metricValue: load / currentReplicas, rule };
      };
    }
  }
}
