import type { ResolvedBehavior, ResolvedRules } from "./behavior";

// The Kubernetes Horizontal Pod Autoscaler with `behavior`, following Kubernetes v1.31
// pkg/controller/podautoscaler: replica_calculator.go (the usage ratio and tolerance, for pods that are all
// ready and report the metric) and horizontal.go (reconcileAutoscaler, stabilizeRecommendationWithBehaviors,
// convertDesiredReplicasWithBehaviorRate, calculateScaleUpLimitWithScalingRules,
// calculateScaleDownLimitWithBehaviors, getReplicasChangePerPeriod, storeScaleEvent and
// maybeInitScaleDownStabilizationWindow). Times are milliseconds; Kubernetes compares them with
// time.After, so a sample exactly at a cutoff is outside the window, and so is it here.

export type HpaConfig = {
  /** Target metric value per replica. */
  target: number;
  tolerance: number;
  minReplicas: number;
  maxReplicas: number;
  behavior: ResolvedBehavior;
};

type Recommendation = { timestampMs: number; replicas: number };
type ScaleEvent = { timestampMs: number; change: number };

/** Controller memory between evaluations of one HPA: recent recommendations and scale events. */
export type HpaState = {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
};

export type HpaDecision = {
  desiredReplicas: number;
  /** Replicas from the metric alone, before stabilization, rate policies and bounds. */
  metricReplicas: number;
  reason: "unchanged" | "above_max" | "below_min" | "metric" | "stabilized" | "rate_limited" | "bounded";
};

export function createHpaState(): HpaState {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/**
 * Returns the replica count that brings the per-replica metric to the target: `ceil(current × metric / target)`,
 * or `current` when the usage ratio is within the tolerance of 1.
 */
export function replicasForMetric(currentReplicas: number, metricValue: number, target: number, tolerance: number): number {
  const usageRatio = metricValue / target;
  if (Math.abs(1 - usageRatio) <= tolerance) return currentReplicas;
  return Math.ceil(usageRatio * currentReplicas);
}

function replicasChangedInPeriod(periodSeconds: number, events: ScaleEvent[], nowMs: number): number {
  const cutoffMs = nowMs - periodSeconds * 1_000;
  let replicas = 0;
  for (const event of events) {
    if (event.timestampMs > cutoffMs) replicas += event.change;
  }
  return replicas;
}

function periodStartReplicas(currentReplicas: number, periodSeconds: number, state: HpaState, nowMs: number): number {
  const added = replicasChangedInPeriod(periodSeconds, state.scaleUpEvents, nowMs);
  const deleted = replicasChangedInPeriod(periodSeconds, state.scaleDownEvents, nowMs);
  return currentReplicas - added + deleted;
}

/** Returns the highest replica count that the scale-up policies allow now. */
export function scaleUpLimit(currentReplicas: number, rules: ResolvedRules, state: HpaState, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return currentReplicas;

  const select = rules.selectPolicy === "Min" ? Math.min : Math.max;
  let result = rules.selectPolicy === "Min" ? Infinity : -Infinity;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(currentReplicas, policy.periodSeconds, state, nowMs);
    const proposed = policy.type === "Pods" ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = select(result, proposed);
  }
  return result;
}

/** Returns the lowest replica count that the scale-down policies allow now. */
export function scaleDownLimit(currentReplicas: number, rules: ResolvedRules, state: HpaState, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return currentReplicas;

  // Max picks the policy allowing the largest change, which is the lowest count.
  const select = rules.selectPolicy === "Min" ? Math.max : Math.min;
  let result = rules.selectPolicy === "Min" ? -Infinity : Infinity;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(currentReplicas, policy.periodSeconds, state, nowMs);
    // Go's int32 conversion truncates toward zero.
    const proposed = policy.type === "Pods" ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = select(result, proposed);
  }
  return result;
}

function stabilize(config: HpaConfig, state: HpaState, currentReplicas: number, desired: number, nowMs: number): number {
  const { scaleUp, scaleDown } = config.behavior;
  const upCutoffMs = nowMs - scaleUp.stabilizationWindowSeconds * 1_000;
  const downCutoffMs = nowMs - scaleDown.stabilizationWindowSeconds * 1_000;
  const obsoleteCutoffMs = nowMs - Math.max(scaleUp.stabilizationWindowSeconds, scaleDown.stabilizationWindowSeconds) * 1_000;

  let upRecommendation = desired;
  let downRecommendation = desired;
  let oldSampleIndex = -1;
  state.recommendations.forEach((recommendation, index) => {
    if (recommendation.timestampMs > upCutoffMs) upRecommendation = Math.min(recommendation.replicas, upRecommendation);
    if (recommendation.timestampMs > downCutoffMs) downRecommendation = Math.max(recommendation.replicas, downRecommendation);
    if (recommendation.timestampMs < obsoleteCutoffMs) oldSampleIndex = index;
  });

  // Scale up only as far as every recent recommendation agrees, and down only as far as all agree.
  let stabilized = currentReplicas;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;

  // The unstabilized recommendation is stored, replacing an obsolete sample when there is one.
  const sample = { timestampMs: nowMs, replicas: desired };
  if (oldSampleIndex >= 0) state.recommendations[oldSampleIndex] = sample;
  else state.recommendations.push(sample);
  return stabilized;
}

function limitRate(config: HpaConfig, state: HpaState, currentReplicas: number, desired: number, nowMs: number): number {
  if (desired > currentReplicas) {
    const limit = Math.max(currentReplicas, scaleUpLimit(currentReplicas, config.behavior.scaleUp, state, nowMs));
    return Math.min(desired, config.maxReplicas, limit);
  }
  if (desired < currentReplicas) {
    const limit = Math.min(currentReplicas, scaleDownLimit(currentReplicas, config.behavior.scaleDown, state, nowMs));
    return Math.max(desired, config.minReplicas, limit);
  }
  return desired;
}

function storeScaleEvent(config: HpaConfig, state: HpaState, previous: number, next: number, nowMs: number): void {
  if (next === previous) return;

  // Events older than the longest period of their direction count in no policy, so they are dropped.
  const longestUp = Math.max(0, ...config.behavior.scaleUp.policies.map((policy) => policy.periodSeconds)) * 1_000;
  const longestDown = Math.max(0, ...config.behavior.scaleDown.policies.map((policy) => policy.periodSeconds)) * 1_000;
  state.scaleUpEvents = state.scaleUpEvents.filter((event) => event.timestampMs > nowMs - longestUp);
  state.scaleDownEvents = state.scaleDownEvents.filter((event) => event.timestampMs > nowMs - longestDown);

  if (next > previous) state.scaleUpEvents.push({ timestampMs: nowMs, change: next - previous });
  else state.scaleDownEvents.push({ timestampMs: nowMs, change: previous - next });
}

/**
 * Runs one HPA evaluation at `nowMs` for a per-replica metric value observed with `currentReplicas` replicas,
 * updates `state` as the controller would after a successful rescale, and returns the new replica count.
 */
export function evaluateHpa(
  config: HpaConfig,
  state: HpaState,
  observation: { nowMs: number; currentReplicas: number; metricValue: number },
): HpaDecision {
  const { nowMs, currentReplicas, metricValue } = observation;
  const metricReplicas = replicasForMetric(currentReplicas, metricValue, config.target, config.tolerance);

  let desiredReplicas: number;
  let reason: HpaDecision["reason"];
  if (currentReplicas > config.maxReplicas) {
    desiredReplicas = config.maxReplicas;
    reason = "above_max";
  } else if (currentReplicas < config.minReplicas) {
    desiredReplicas = config.minReplicas;
    reason = "below_min";
  } else {
    if (state.recommendations.length === 0 && config.behavior.scaleDown.stabilizationWindowSeconds > 0) {
      state.recommendations.push({ timestampMs: nowMs, replicas: currentReplicas });
    }

    const stabilized = stabilize(config, state, currentReplicas, metricReplicas, nowMs);
    desiredReplicas = limitRate(config, state, currentReplicas, stabilized, nowMs);
    reason = reasonFor(currentReplicas, metricReplicas, stabilized, desiredReplicas, config);
  }

  storeScaleEvent(config, state, currentReplicas, desiredReplicas, nowMs);
  return { desiredReplicas, metricReplicas, reason };
}

function reasonFor(current: number, metric: number, stabilized: number, desired: number, config: HpaConfig): HpaDecision["reason"] {
  if (metric === current) return "unchanged";
  if (stabilized !== metric) return "stabilized";
  if (desired === metric) return "metric";
  if (desired === config.maxReplicas || desired === config.minReplicas) return "bounded";
  return "rate_limited";
}
