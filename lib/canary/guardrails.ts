import type { CanaryGuardrails } from "../db/schema";
import type { CanaryComparison } from "./compare";

export type GuardrailBreach = { guardrail: keyof CanaryGuardrails; observed: number; limit: number; message: string };

/** Lists the guardrails that a canary comparison breaks; limits with too few samples are skipped. */
export function findGuardrailBreaches(comparison: CanaryComparison, guardrails: CanaryGuardrails): GuardrailBreach[] {
  const breaches: GuardrailBreach[] = [];
  const { canary, production } = comparison;

  if (canary.requests >= guardrails.minSamples && canary.latencyP95Ms !== null) {
    if (guardrails.maxLatencyP95Ms !== undefined && canary.latencyP95Ms > guardrails.maxLatencyP95Ms) {
      breaches.push({
        guardrail: "maxLatencyP95Ms",
        observed: canary.latencyP95Ms,
        limit: guardrails.maxLatencyP95Ms,
        message: `latency p95 ${canary.latencyP95Ms.toFixed(1)} ms is above the ${guardrails.maxLatencyP95Ms} ms limit`,
      });
    }
    if (guardrails.maxLatencyP95Ratio !== undefined && production.latencyP95Ms !== null && production.latencyP95Ms > 0) {
      const ratio = canary.latencyP95Ms / production.latencyP95Ms;
      if (ratio > guardrails.maxLatencyP95Ratio) {
        breaches.push({
          guardrail: "maxLatencyP95Ratio",
          observed: ratio,
          limit: guardrails.maxLatencyP95Ratio,
          message: `latency p95 is ${ratio.toFixed(2)}× production's, above the ${guardrails.maxLatencyP95Ratio}× limit`,
        });
      }
    }
  }

  const labeledEnough = canary.labeled >= guardrails.minSamples && production.labeled > 0;
  if (!labeledEnough || canary.metric === null || production.metric === null) return breaches;

  if (comparison.metricName === "accuracy" && guardrails.maxAccuracyDrop !== undefined) {
    const drop = production.metric - canary.metric;
    if (drop > guardrails.maxAccuracyDrop) {
      breaches.push({
        guardrail: "maxAccuracyDrop",
        observed: drop,
        limit: guardrails.maxAccuracyDrop,
        message: `accuracy is ${(drop * 100).toFixed(1)} points below production's, more than the ${(guardrails.maxAccuracyDrop * 100).toFixed(1)}-point limit`,
      });
    }
  }
  if (comparison.metricName === "mae" && guardrails.maxMaeIncrease !== undefined) {
    const increase = canary.metric - production.metric;
    if (increase > guardrails.maxMaeIncrease) {
      breaches.push({
        guardrail: "maxMaeIncrease",
        observed: increase,
        limit: guardrails.maxMaeIncrease,
        message: `MAE is ${increase.toFixed(3)} above production's, more than the ${guardrails.maxMaeIncrease} limit`,
      });
    }
  }
  return breaches;
}
