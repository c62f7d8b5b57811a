import { z } from "zod";
import { bodyIntegerSchema } from "../api/integers";
import { EXPERIMENT_ENGINES, RANDOMIZATION_UNITS } from "../db/schema/experiments";
import { storableText } from "../ingest/schemas";
import { slugSchema } from "../registry/schemas";
import { checkAssignmentWeights } from "./assign";

export const PREDICTION_METRIC_KINDS = ["accuracy", "log_loss", "absolute_error", "latency", "prediction_mean"] as const;
export const EVENT_METRIC_KINDS = ["conversion", "event_mean", "event_count", "ratio"] as const;
export const METRIC_KINDS = [...PREDICTION_METRIC_KINDS, ...EVENT_METRIC_KINDS] as const;

/** Paths under /api/v1/experiments and /experiments that are not experiment keys. */
const RESERVED_KEYS = ["analyze", "new"];

const eventName = storableText(200).trim().min(1, "must not be empty");

export const experimentMetricSchema = z
  .strictObject({
    kind: z.enum(METRIC_KINDS, { error: `must be one of ${METRIC_KINDS.join(", ")}` }),
    event: eventName.optional(),
    denominatorEvent: eventName.optional(),
  })
  .superRefine((metric, context) => {
    const isEvent = (EVENT_METRIC_KINDS as readonly string[]).includes(metric.kind);
    if (isEvent && !metric.event) context.addIssue({ code: "custom", path: ["event"], message: `is required for a ${metric.kind} metric` });
    if (!isEvent && metric.event) context.addIssue({ code: "custom", path: ["event"], message: `must be absent for a ${metric.kind} metric` });
    if (metric.kind === "ratio" && !metric.denominatorEvent) {
      context.addIssue({ code: "custom", path: ["denominatorEvent"], message: "is required for a ratio metric" });
    }
    if (metric.kind !== "ratio" && metric.denominatorEvent) {
      context.addIssue({ code: "custom", path: ["denominatorEvent"], message: "is only used by ratio metrics" });
    }
  });
export type ExperimentMetricInput = z.input<typeof experimentMetricSchema>;

const weightSchema = z.number({ error: "must be a number" }).min(0, "must be from 0 to 100").max(100, "must be from 0 to 100");

export const variantSchema = z.strictObject({
  key: slugSchema,
  version: bodyIntegerSchema("a version number"),
  /** Share of units in percent. */
  weight: weightSchema,
  isControl: z.boolean().default(false),
});

/** Adds an issue on `variants` when the weights do not sum to 100 or break the ramping rule. */
function checkWeights(variants: { key: string; weight: number; isControl: boolean }[], context: z.RefinementCtx): void {
  const problem = checkAssignmentWeights(variants.map((variant) => ({ weight: variant.weight / 100, isControl: variant.isControl })));
  if (problem) context.addIssue({ code: "custom", path: ["variants"], message: problem.replace("sum to 1 (100%)", "sum to 100") });
}

/** A new experiment, shared by the create form, POST /api/v1/experiments and the OpenAPI document. */
export const createExperimentSchema = z
  .strictObject({
    key: slugSchema.refine((key) => !RESERVED_KEYS.includes(key), `must not be ${RESERVED_KEYS.join(" or ")}, which are reserved paths`),
    endpoint: slugSchema,
    hypothesis: storableText(2_000).trim().default(""),
    unit: z.enum(RANDOMIZATION_UNITS, { error: `must be one of ${RANDOMIZATION_UNITS.join(", ")}` }),
    variants: z.array(variantSchema).min(2, "must have at least 2 variants").max(10, "must have at most 10 variants"),
    metrics: z.strictObject({
      primary: experimentMetricSchema,
      secondary: z.array(experimentMetricSchema).max(20).default([]),
      guardrails: z.array(experimentMetricSchema).max(20).default([]),
    }),
    /** Minimum detectable effect, relative to the control (0.05 = 5%). */
    mde: z.number({ error: "must be a number" }).gt(0, "must be above 0").max(10, "must be at most 10 (1000%)"),
    plannedSampleSize: bodyIntegerSchema("a number of units"),
    alpha: z.number({ error: "must be a number" }).gt(0, "must be above 0").lt(0.5, "must be below 0.5").default(0.05),
    engine: z.enum(EXPERIMENT_ENGINES).default("frequentist"),
    sequential: z.boolean().default(false),
    /** Hash seed; defaults to the key, so a re-created experiment assigns as before. */
    seed: storableText(200).trim().min(1, "must not be empty").optional(),
  })
  .superRefine((experiment, context) => {
    checkWeights(experiment.variants, context);
    const keys = new Set(experiment.variants.map((variant) => variant.key));
    if (keys.size !== experiment.variants.length) context.addIssue({ code: "custom", path: ["variants"], message: "variant keys must differ" });
    const versions = new Set(experiment.variants.map((variant) => variant.version));
    if (versions.size !== experiment.variants.length) {
      context.addIssue({ code: "custom", path: ["variants"], message: "each variant must serve a different model version" });
    }
  });
export type CreateExperimentInput = z.input<typeof createExperimentSchema>;

/** New weights in percent by variant key, for PATCH /api/v1/experiments/{key}/weights. */
export const updateWeightsSchema = z.strictObject({
  weights: z.record(slugSchema, weightSchema),
});
export type UpdateWeightsInput = z.input<typeof updateWeightsSchema>;

const MAX_UNIT_ID_LENGTH = 500;

export const assignSchema = z.strictObject({
  unitId: storableText(MAX_UNIT_ID_LENGTH).min(1, "must not be empty"),
});

/** Accepts the plainly valid assign body `{ unitId }` without zod, on the hot path; null leaves the rest to `assignSchema`. */
export function fastAssignBody(input: unknown): { unitId: string } | null {
  if (typeof input !== "object" || input === null) return null;
  const { unitId } = input as { unitId?: unknown };
  if (typeof unitId !== "string" || unitId.length === 0 || unitId.length > MAX_UNIT_ID_LENGTH) return null;
  // PostgreSQL text cannot hold NUL or a lone surrogate, and one such unit id would fail the whole exposure batch.
  if (unitId.includes("\u0000") || !unitId.isWellFormed()) return null;
  return Object.keys(input).length === 1 ? { unitId } : null;
}

export const listExperimentsQuerySchema = z.strictObject({
  endpoint: slugSchema.optional(),
});


export const shipSchema = z.strictObject({ variant: slugSchema });

export const experimentKeySchema = slugSchema;

/** Returns the statistics key of a metric, such as `log_loss`, `conversion:purchase` or `ratio:revenue/visits`. */
export function metricKey(metric: { kind: string; event?: string; denominatorEvent?: string }): string {
  if (metric.kind === "ratio") return `ratio:${metric.event}/${metric.denominatorEvent}`;
  return metric.event ? `${metric.kind}:${metric.event}` : metric.kind;
}
