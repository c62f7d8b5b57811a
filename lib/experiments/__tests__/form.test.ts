import { describe, expect, it } from "vitest";
import { checkExperimentForm, evenWeights, experimentInput, powerPlan, type ExperimentFormValues } from "../form";

const values: ExperimentFormValues = {
  key: "form-test",
  endpoint: "ep",
  hypothesis: "",
  unit: "request_id",
  variants: [
    { key: "control", version: "1", weight: "50", isControl: true },
    { key: "treatment", version: "2", weight: "50", isControl: false },
  ],
  primaryKind: "log_loss",
  primaryEvent: "",
  primaryDenominator: "",
  secondary: ["accuracy", "log_loss"],
  latencyGuardrail: true,
  mde: "2",
  alpha: "0.05",
  engine: "frequentist",
  sequential: false,
  plannedSampleSize: "1000",
};

describe("experiment form", () => {
  it("converts text values to the API input", () => {
    const input = experimentInput(values);
    expect(input.mde).toBe(0.02);
    expect(input.variants[1]).toEqual({ key: "treatment", version: 2, weight: 50, isControl: false });
    expect(input.metrics.secondary).toEqual([{ kind: "accuracy" }]);
    expect(input.metrics.guardrails).toEqual([{ kind: "latency" }]);
    expect(checkExperimentForm(values)).toEqual({});
  });

  it("reports weights and event names by field", () => {
    const errors = checkExperimentForm({
      ...values,
      variants: [values.variants[0], { ...values.variants[1], weight: "40" }],
      primaryKind: "conversion",
    });
    expect(errors.variants?.join()).toMatch(/sum to 100/);
    expect(errors["metrics.primary.event"]).toContain("must not be empty");
  });

  it("splits weights evenly with the rest to the control", () => {
    expect(evenWeights(3)).toEqual([34, 33, 33]);
  });
});

describe("power plan", () => {
  it("estimates days from daily traffic", () => {
    const plan = powerPlan({ metricType: "proportion", baseline: 0.2, standardDeviation: 1, mde: 0.1, alpha: 0.05, weights: [50, 50], dailyUnits: 1000 });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.perVariant[0]).toBe(plan.perVariant[1]);
    expect(plan.days).toBe(Math.ceil(plan.total / 1000));
  });

  it("reports missing inputs instead of throwing", () => {
    const plan = powerPlan({ metricType: "mean", baseline: 0, standardDeviation: 1, mde: 0.1, alpha: 0.05, weights: [1, 1], dailyUnits: 0 });
    expect(plan.ok).toBe(false);
  });
});
