import type { Resources } from "./schema";

// Resource recommendation as the Kubernetes Vertical Pod Autoscaler's recommender sets its target: the 90th
// percentile of observed usage plus a 15% safety margin (autoscaler/vertical-pod-autoscaler,
// pkg/recommender/logic/recommender.go, targetCPUPercentile 0.9 and safetyMarginFraction 0.15). The VPA
// reads the percentile from a decaying histogram; here it is the linearly interpolated sample quantile.

export const TARGET_PERCENTILE = 0.9;
export const SAFETY_MARGIN = 0.15;

/** Returns the `q` quantile of `values` by linear interpolation between order statistics (Hyndman and Fan type 7). */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;

  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Usage samples of one replica: CPU in millicores, memory in mebibytes, GPUs in use (fractional). */
export type UsageSamples = { cpuMillicores: number[]; memoryMiB: number[]; gpus?: number[] };

export type VerticalRecommendation = { requests: Resources; samples: number };

/** Recommends requests per replica from observed usage; returns null when there are no CPU or memory samples. */
export function recommendResources(usage: UsageSamples): VerticalRecommendation | null {
  if (usage.cpuMillicores.length === 0 || usage.memoryMiB.length === 0) return null;

  const withMargin = (values: number[]) => quantile(values, TARGET_PERCENTILE) * (1 + SAFETY_MARGIN);
  return {
    requests: {
      cpuMillicores: Math.max(1, Math.ceil(withMargin(usage.cpuMillicores))),
      memoryMiB: Math.max(1, Math.ceil(withMargin(usage.memoryMiB))),
      gpus: usage.gpus && usage.gpus.length > 0 ? Math.ceil(withMargin(usage.gpus)) : 0,
    },
    samples: Math.min(usage.cpuMillicores.length, usage.memoryMiB.length),
  };
}
