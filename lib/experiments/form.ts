import { fieldIssues } from "../api/problems";
import type { ExperimentMetric } from "../db/schema/experiments";
import { EVENT_METRIC_KINDS, createExperimentSchema, type CreateExperimentInput } from "./schemas";
import { requiredSampleSize } from "./stats";

// The experiment form's values as the inputs hold them (text), and their conversion to the API input.

export type VariantFormValues = { key: string; version: string; weight: string; isControl: boolean };

export type ExperimentFormValues = {
  key: string;
  endpoint: string;
  hypothesis: string;
  unit: CreateExperimentInput["unit"];
  variants: VariantFormValues[];
  primaryKind: ExperimentMetric["kind"];
  primaryEvent: string;
  primaryDenominator: string;
  /** Secondary prediction metrics by kind. */
  secondary: ExperimentMetric["kind"][];
  /** Latency as a guardrail metric. */
  latencyGuardrail: boolean;
  /** Minimum detectable effect in percent of the control mean. */
  mde: string;
  alpha: string;
  engine: "frequentist" | "bayesian";
  sequential: boolean;
  plannedSampleSize: string;
};

export type FormErrors = Record<string, string[]>;

/** Splits 100% over `count` variants in whole percents, the remainder to the control (the first). */
export function evenWeights(count: number): number[] {
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, index) => (index === 0 ? 100 - share * (count - 1) : share));
}

function toNumber(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

function primaryMetric(values: ExperimentFormValues): ExperimentMetric {
  const isEvent = (EVENT_METRIC_KINDS as readonly string[]).includes(values.primaryKind);
  if (!isEvent) return { kind: values.primaryKind };
  return {
    kind: values.primaryKind,
    event: values.primaryEvent.trim(),
    ...(values.primaryKind === "ratio" ? { denominatorEvent: values.primaryDenominator.trim() } : {}),
  };
}

/** Converts the form's values to the body of POST /api/v1/experiments. */
export function experimentInput(values: ExperimentFormValues): CreateExperimentInput {
  return {
    key: values.key.trim(),
    endpoint: values.endpoint,
    hypothesis: values.hypothesis,
    unit: values.unit,
    variants: values.variants.map((variant) => ({
      key: variant.key.trim(),
      version: toNumber(variant.version),
      weight: toNumber(variant.weight),
      isControl: variant.isControl,
    })),
    metrics: {
      primary: primaryMetric(values),
      secondary: values.secondary.filter((kind) => kind !== values.primaryKind).map((kind) => ({ kind })),
      guardrails: values.latencyGuardrail && values.primaryKind !== "latency" ? [{ kind: "latency" }] : [],
    },
    mde: toNumber(values.mde) / 100,
    plannedSampleSize: toNumber(values.plannedSampleSize),
    alpha: toNumber(values.alpha),
    engine: values.engine,
    sequential: values.sequential,
  };
}

/** Checks the values with the schema the server parses with; returns the errors by field path. */
export function checkExperimentForm(values: ExperimentFormValues): FormErrors {
  const parsed = createExperimentSchema.safeParse(experimentInput(values));
  if (parsed.success) return {};
  const errors: FormErrors = {};
  for (const issue of fieldIssues(parsed.error)) (errors[issue.path] ??= []).push(issue.message);
  return errors;
}

export type PowerInputs = {
  metricType: "mean" | "proportion";
  /** Control conversion rate for proportions, or the control mean for means. */
  baseline: number;
  /** Standard deviation per unit, for means. */
  standardDeviation: number;
  /** Relative minimum detectable effect (0.05 = 5%). */
  mde: number;
  alpha: number;
  weights: number[];
  /** Units per day that reach the endpoint now. */
  dailyUnits: number;
};

export type PowerPlan = { ok: true; perVariant: number[]; total: number; days: number | null } | { ok: false; message: string };

/** Computes the sample size for 80% power and the days that the current traffic needs to reach it. */
export function powerPlan(inputs: PowerInputs): PowerPlan {
  try {
    const size = requiredSampleSize({
      metricType: inputs.metricType,
      ...(inputs.metricType === "proportion"
        ? { baselineRate: inputs.baseline }
        : { baselineMean: inputs.baseline, baselineStd: inputs.standardDeviation }),
      mde: inputs.mde,
      alpha: inputs.alpha,
      power: 0.8,
      weights: inputs.weights,
    });
    const days = inputs.dailyUnits > 0 ? Math.ceil(size.total / inputs.dailyUnits) : null;
    return { ok: true, perVariant: size.perVariant, total: size.total, days };
  } catch (error) {
    const message = error instanceof Error && "issues" in error ? "Fill in the baseline, the MDE, alpha and the weights to compute a sample size." : String(error);
    return { ok: false, message };
  }
}
