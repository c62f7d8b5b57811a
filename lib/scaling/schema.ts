import { z } from "zod";
import { storableText } from "../ingest/schemas";
import {
  checkCustomMetric,
  checkReplicaBounds,
  cronExpression,
  MAX_PERIOD_SECONDS,
  MAX_STABILIZATION_SECONDS,
  metricName,
  positiveNumber,
  replicaBounds,
  SCALING_METRICS,
  timezone,
  wholeNumber,
} from "./schema-fields";

export { cronProblem, MAX_PERIOD_SECONDS, MAX_REPLICAS_LIMIT, MAX_STABILIZATION_SECONDS, SCALING_METRICS, timezoneProblem, type ScalingMetric } from "./schema-fields";

// One schema per policy kind, shared by the policy forms, the server and the OpenAPI document.

export const POLICY_KINDS = ["target_tracking", "step", "scheduled", "predictive", "vertical", "caching"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

// Horizontal target tracking, with the `behavior` field of Kubernetes autoscaling/v2.

export const hpaScalingPolicySchema = z.strictObject({
  type: z.enum(["Pods", "Percent"], { error: "must be Pods or Percent" }),
  value: wholeNumber(1, 100_000),
  periodSeconds: wholeNumber(1, MAX_PERIOD_SECONDS),
});
export type HpaScalingPolicy = z.infer<typeof hpaScalingPolicySchema>;

export const SELECT_POLICIES = ["Max", "Min", "Disabled"] as const;

/** One direction of `behavior`; absent fields take Kubernetes' defaults (see `resolveBehavior`). */
export const hpaScalingRulesSchema = z.strictObject({
  stabilizationWindowSeconds: wholeNumber(0, MAX_STABILIZATION_SECONDS).optional(),
  selectPolicy: z.enum(SELECT_POLICIES, { error: "must be Max, Min or Disabled" }).optional(),
  policies: z.array(hpaScalingPolicySchema).max(10, "must list at most 10 policies").optional(),
});
export type HpaScalingRules = z.infer<typeof hpaScalingRulesSchema>;

export const hpaBehaviorSchema = z.strictObject({
  scaleUp: hpaScalingRulesSchema.optional(),
  scaleDown: hpaScalingRulesSchema.optional(),
});
export type HpaBehavior = z.infer<typeof hpaBehaviorSchema>;

export const targetTrackingPolicySchema = z
  .strictObject({
    kind: z.literal("target_tracking"),
    metric: z.enum(SCALING_METRICS, { error: `must be one of ${SCALING_METRICS.join(", ")}` }),
    customMetric: metricName.optional(),
    /** Target per replica, in the metric's unit (requests per second, percent, milliseconds, items). */
    target: positiveNumber,
    ...replicaBounds,
    /** Relative distance from the target within which the HPA does not scale; Kubernetes' default is 0.1. */
    tolerance: z.number({ error: "must be a number" }).min(0, "must not be negative").max(1, "must be at most 1").default(0.1),
    behavior: hpaBehaviorSchema.optional(),
  })
  .superRefine((policy, ctx) => {
    checkReplicaBounds(policy, ctx);
    checkCustomMetric(policy, ctx);
  });
export type TargetTrackingPolicy = z.infer<typeof targetTrackingPolicySchema>;

// Step scaling, after AWS Application Auto Scaling: metric bounds map to one adjustment each.

export const ADJUSTMENT_TYPES = ["change_in_capacity", "percent_change", "exact_capacity"] as const;

/** One step: `lower` is inclusive and `upper` exclusive; an absent bound is unbounded on that side. */
export const scalingStepSchema = z.strictObject({
  lower: z.number({ error: "must be a number" }).optional(),
  upper: z.number({ error: "must be a number" }).optional(),
  adjustment: z.number({ error: "must be a number" }).int("must be a whole number"),
});
export type ScalingStep = z.infer<typeof scalingStepSchema>;

/** Reports steps whose bounds are reversed, overlap each other or leave a gap between two neighbours. */
export function checkSteps(steps: ScalingStep[], ctx: z.RefinementCtx): void {
  steps.forEach((step, index) => {
    if (step.lower !== undefined && step.upper !== undefined && step.lower >= step.upper) {
      ctx.addIssue({ code: "custom", path: ["steps", index, "upper"], message: `must be above lower (${step.lower})` });
    }
  });

  const order = steps.map((step, index) => ({ step, index })).sort((a, b) => (a.step.lower ?? -Infinity) - (b.step.lower ?? -Infinity));
  for (let i = 1; i < order.length; i++) {
    const previous = order[i - 1];
    const current = order[i];
    const previousUpper = previous.step.upper ?? Infinity;
    const currentLower = current.step.lower ?? -Infinity;
    const path = ["steps", current.index, "lower"];
    if (currentLower < previousUpper) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `overlaps step ${previous.index + 1}, which ends at ${previousUpper}; start this step at ${previousUpper} or later`,
      });
    } else if (currentLower > previousUpper) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `leaves a gap after step ${previous.index + 1}, which ends at ${previousUpper}; start this step at ${previousUpper}`,
      });
    }
  }
}

export const stepPolicySchema = z
  .strictObject({
    kind: z.literal("step"),
    metric: z.enum(SCALING_METRICS, { error: `must be one of ${SCALING_METRICS.join(", ")}` }),
    customMetric: metricName.optional(),
    adjustmentType: z.enum(ADJUSTMENT_TYPES, { error: `must be one of ${ADJUSTMENT_TYPES.join(", ")}` }),
    steps: z.array(scalingStepSchema).min(1, "must list at least one step").max(20, "must list at most 20 steps"),
    /** Seconds after a scaling action during which the policy does not act again. */
    cooldownSeconds: wholeNumber(0, 86_400).default(300),
    ...replicaBounds,
  })
  .superRefine((policy, ctx) => {
    checkReplicaBounds(policy, ctx);
    checkCustomMetric(policy, ctx);
    checkSteps(policy.steps, ctx);
    if (policy.adjustmentType === "exact_capacity") {
      policy.steps.forEach((step, index) => {
        if (step.adjustment < 0) {
          ctx.addIssue({ code: "custom", path: ["steps", index, "adjustment"], message: "must not be negative for exact capacity; give a replica count" });
        }
      });
    }
  });
export type StepPolicy = z.infer<typeof stepPolicySchema>;

// Scheduled scaling: a window opens at `start` and closes at the next `end`, both read in `timezone`.

export const scheduleWindowSchema = z
  .strictObject({
    name: storableText(100).trim().min(1, "must not be empty"),
    start: cronExpression,
    end: cronExpression,
    ...replicaBounds,
  })
  .superRefine((window, ctx) => checkReplicaBounds(window, ctx));
export type ScheduleWindow = z.infer<typeof scheduleWindowSchema>;

export const scheduledPolicySchema = z
  .strictObject({
    kind: z.literal("scheduled"),
    timezone: timezone.default("UTC"),
    /** Bounds outside every window. */
    ...replicaBounds,
    windows: z.array(scheduleWindowSchema).min(1, "must list at least one window").max(20, "must list at most 20 windows"),
  })
  .superRefine((policy, ctx) => checkReplicaBounds(policy, ctx));
export type ScheduledPolicy = z.infer<typeof scheduledPolicySchema>;

// Predictive scaling: a forecast of the load sets a floor on replicas ahead of time.

export const PREDICTIVE_MODES = ["forecast_only", "forecast_and_scale"] as const;

export const predictivePolicySchema = z
  .strictObject({
    kind: z.literal("predictive"),
    mode: z.enum(PREDICTIVE_MODES, { error: "must be forecast_only or forecast_and_scale" }),
    metric: z.enum(["requests_per_second_per_replica", "queue_depth_per_replica"], {
      error: "must be requests_per_second_per_replica or queue_depth_per_replica, the metrics a load forecast can predict",
    }),
    /** Load per replica that the forecast capacity aims for. */
    target: positiveNumber,
    /** Seconds ahead of the forecast load at which replicas are added, to cover start-up time. */
    bufferSeconds: wholeNumber(0, 3_600).default(300),
    /** Hours forecast at each refit. */
    horizonHours: wholeNumber(1, 48).default(24),
    ...replicaBounds,
  })
  .superRefine((policy, ctx) => checkReplicaBounds(policy, ctx));
export type PredictivePolicy = z.infer<typeof predictivePolicySchema>;

// Vertical: resources per replica.

export const resourcesSchema = z.strictObject({
  /** CPU per replica in millicores (1000 = one core). */
  cpuMillicores: wholeNumber(1, 1_000_000),
  /** Memory per replica in mebibytes. */
  memoryMiB: wholeNumber(1, 10_000_000),
  /** Whole GPUs per replica. */
  gpus: wholeNumber(0, 64).default(0),
});
export type Resources = z.infer<typeof resourcesSchema>;

export const verticalPolicySchema = z.strictObject({
  kind: z.literal("vertical"),
  requests: resourcesSchema,
});
export type VerticalPolicy = z.infer<typeof verticalPolicySchema>;

// Caching: prediction cache and model or dataset cache.

export const predictionCacheSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    ttlSeconds: wholeNumber(1, 30 * 86_400),
    maxEntries: wholeNumber(1, 100_000_000),
    /** Input features whose values form the cache key. */
    keyFeatures: z.array(storableText(200).trim().min(1, "must not be empty")).min(1, "must name at least one feature"),
  })
  .superRefine((cache, ctx) => {
    const seen = new Set<string>();
    cache.keyFeatures.forEach((feature, index) => {
      if (seen.has(feature)) ctx.addIssue({ code: "custom", path: ["keyFeatures", index], message: `repeats ${feature}; list each feature once` });
      seen.add(feature);
    });
  });

export const modelCacheSchema = z.strictObject({
  preloadOnStart: z.boolean().default(true),
  /** Replicas kept started and loaded beyond those serving. */
  warmPoolSize: wholeNumber(0, 1_000).default(0),
  /** When to write a snapshot of the loaded model and datasets; absent for none. */
  snapshotCron: cronExpression.optional(),
  timezone: timezone.default("UTC"),
});

export const cachingPolicySchema = z.strictObject({
  kind: z.literal("caching"),
  predictionCache: predictionCacheSchema.optional(),
  modelCache: modelCacheSchema.optional(),
});
export type CachingPolicy = z.infer<typeof cachingPolicySchema>;

/** Any scaling policy, discriminated by `kind`. */
export const scalingPolicySchema = z.discriminatedUnion(
  "kind",
  [targetTrackingPolicySchema, stepPolicySchema, scheduledPolicySchema, predictivePolicySchema, verticalPolicySchema, cachingPolicySchema],
  { error: `must have kind ${POLICY_KINDS.join(", ")}` },
);
export type ScalingPolicy = z.infer<typeof scalingPolicySchema>;
export type ScalingPolicyInput = z.input<typeof scalingPolicySchema>;

/** Policies that decide a replica count, so that a replay can run them. */
export const HORIZONTAL_KINDS = ["target_tracking", "step", "scheduled", "predictive"] as const;
export type HorizontalPolicy = Extract<ScalingPolicy, { kind: (typeof HORIZONTAL_KINDS)[number] }>;
