import type { StepPolicy } from "./schema";

// Step scaling after AWS Application Auto Scaling's StepScaling policies, with metric bounds that are
// absolute values of the metric rather than offsets from an alarm threshold.

export type StepState = { lastActionMs: number | null };

export function createStepState(): StepState {
  return { lastActionMs: null };
}

/** Returns the index of the step whose bounds contain `metricValue`, or -1 when none does. */
export function findStep(policy: Pick<StepPolicy, "steps">, metricValue: number): number {
  return policy.steps.findIndex((step) => (step.lower ?? -Infinity) <= metricValue && metricValue < (step.upper ?? Infinity));
}

/**
 * Rounds a percent change in capacity as AWS Application Auto Scaling does: changes above 1 are rounded down,
 * below -1 rounded up, and those between -1 and 1 (other than 0) become 1 or -1.
 */
export function roundPercentChange(change: number): number {
  if (change > 1) return Math.floor(change);
  if (change < -1) return Math.ceil(change);
  if (change > 0) return 1;
  if (change < 0) return -1;
  return 0;
}

function adjust(policy: StepPolicy, currentReplicas: number, adjustment: number): number {
  switch (policy.adjustmentType) {
    case "change_in_capacity":
      return currentReplicas + adjustment;
    case "percent_change":
      return currentReplicas + roundPercentChange((currentReplicas * adjustment) / 100);
    case "exact_capacity":
      return adjustment;
  }
}

export type StepDecision = { desiredReplicas: number; stepIndex: number; reason: "no_step" | "cooldown" | "step" };

/**
 * Runs one evaluation of a step policy. NOTE: the cooldown blocks every action until it ends; AWS instead
 * lets a larger scale-out through during a scale-out cooldown.
 */
export function evaluateStep(policy: StepPolicy, state: StepState, observation: { nowMs: number; currentReplicas: number; metricValue: number }): StepDecision {
  const { nowMs, currentReplicas, metricValue } = observation;
  const bounded = Math.min(policy.maxReplicas, Math.max(policy.minReplicas, currentReplicas));
  const stepIndex = findStep(policy, metricValue);

  if (state.lastActionMs !== null && nowMs - state.lastActionMs < policy.cooldownSeconds * 1_000) {
    return { desiredReplicas: bounded, stepIndex, reason: "cooldown" };
  }
  if (stepIndex < 0) return { desiredReplicas: bounded, stepIndex, reason: "no_step" };

  const desired = Math.min(policy.maxReplicas, Math.max(policy.minReplicas, adjust(policy, currentReplicas, policy.steps[stepIndex].adjustment)));
  if (desired !== currentReplicas) state.lastActionMs = nowMs;
  return { desiredReplicas: desired, stepIndex, reason: "step" };
}
