import type { CreateExperimentInput } from "../experiments/schemas";
import { compileAssigner } from "../experiments/assign";
import { requiredSampleSize } from "../experiments/stats/power";
import { DEMO_ENDPOINT, DEMO_VERSION, flightRequestId } from "./records";
import type { FlightDelayScorer } from "./train";
import { VERSION_TWO } from "./version-two";

/** June 2001 in the file's clock: from then on the demo splits flights between versions 1 and 2. */
export const EXPERIMENT_START_MS = Date.UTC(2001, 5, 1);

export const DEMO_EXPERIMENT_KEY = "flight-delay-v1-vs-v2";

/**
 * The demo's experiment: version 1 (January) against version 2 (May) on June's flights, one unit per
 * flight (its request id), judged by log loss against the real delays.
 */
export const DEMO_EXPERIMENT: CreateExperimentInput = {
  key: DEMO_EXPERIMENT_KEY,
  endpoint: DEMO_ENDPOINT,
  hypothesis: "Version 2, trained on May 2001, predicts June's delays with a lower log loss than version 1, trained on January.",
  unit: "request_id",
  variants: [
    { key: "v1-january", version: DEMO_VERSION, weight: 50, isControl: true },
    { key: "v2-may", version: VERSION_TWO, weight: 50 },
  ],
  metrics: {
    primary: { kind: "log_loss" },
    secondary: [{ kind: "accuracy" }, { kind: "absolute_error" }, { kind: "prediction_mean" }],
    guardrails: [{ kind: "latency" }],
  },
  mde: 0.02,
  // Estimates from the June flights: a log loss near 0.49 and a per-flight standard deviation near 0.55.
  plannedSampleSize: requiredSampleSize({ metricType: "mean", baselineMean: 0.49, baselineStd: 0.55, mde: 0.02, alpha: 0.05, power: 0.8 }).total,
  alpha: 0.05,
  engine: "frequentist",
  sequential: false,
};

export type FlightRoute = { version: number; scorer: FlightDelayScorer };

/**
 * Returns the version and scorer that serve a flight: version 1 before June, and from June the variant
 * that the experiment's assignment gives the flight's request id (the same hash as the assign endpoint).
 */
export function flightRouter(scorers: { one: FlightDelayScorer; two: FlightDelayScorer }): (rowIndex: number, departureMs: number) => FlightRoute {
  const assign = compileAssigner({
    seed: DEMO_EXPERIMENT_KEY,
    variants: DEMO_EXPERIMENT.variants.map((variant) => ({ key: variant.key, weight: variant.weight / 100, isControl: variant.isControl ?? false, version: variant.version })),
  });
  return (rowIndex, departureMs) => {
    if (departureMs < EXPERIMENT_START_MS) return { version: DEMO_VERSION, scorer: scorers.one };
    const variant = assign(flightRequestId(rowIndex));
    return variant.version === VERSION_TWO ? { version: VERSION_TWO, scorer: scorers.two } : { version: DEMO_VERSION, scorer: scorers.one };
  };
}
