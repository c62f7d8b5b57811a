import type { HpaBehavior, HpaScalingPolicy, HpaScalingRules } from "./schema";

/** A `behavior` direction with every field set. */
export type ResolvedRules = {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: HpaScalingPolicy[];
};
export type ResolvedBehavior = { scaleUp: ResolvedRules; scaleDown: ResolvedRules };

// Defaults of Kubernetes v1.31 pkg/apis/autoscaling/v2/defaults.go (GenerateHPAScaleUpRules and
// GenerateHPAScaleDownRules): each absent field of a direction takes its default on its own.
export const DEFAULT_SCALE_UP: ResolvedRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

export const DEFAULT_SCALE_DOWN: ResolvedRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

function resolveRules(rules: HpaScalingRules | undefined, defaults: ResolvedRules): ResolvedRules {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? defaults.selectPolicy,
    policies: rules?.policies && rules.policies.length > 0 ? rules.policies : defaults.policies,
  };
}

/** Fills the absent fields of an HPA `behavior` with Kubernetes' defaults. */
export function resolveBehavior(behavior: HpaBehavior | undefined): ResolvedBehavior {
  return {
    scaleUp: resolveRules(behavior?.scaleUp, DEFAULT_SCALE_UP),
    scaleDown: resolveRules(behavior?.scaleDown, DEFAULT_SCALE_DOWN),
  };
}
