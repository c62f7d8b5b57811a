import type { GatePolicy } from "./schemas";

export type CheckKind = "offline_metric" | "shadow_latency" | "drift" | "agreement" | "human_review" | "shadow_duration";
export type CheckStatus = "pass" | "fail" | "pending";

/** The outcome of one gate check, with the numbers it was decided on. */
export type CheckResult = {
  kind: CheckKind;
  status: CheckStatus;
  /** One sentence with the measured value and the threshold. */
  summary: string;
  values: Record<string, number | string | null>;
  /** Per-feature stattest results behind the drift check. */
  features?: FeatureDrift[];
};

/** One feature's stattest between the candidate's training profile and production inputs. */
export type FeatureDrift = { column: string; method: string; statistic: number; pValue: number | null; threshold: number; drifted: boolean };

/** The measurements the checks read, from lib/promotions/evidence.ts, with null where nothing is measured yet. */
export type CheckEvidence = {
  candidateMetrics: Record<string, number>;
  /** Null when the endpoint has no production version. */
  productionMetrics: Record<string, number> | null;
  shadow: {
    pairs: number;
    agreementRate: number | null;
    candidateLatencyP95Ms: number | null;
    productionLatencyP95Ms: number | null;
    firstShadowAt: Date | null;
  } | null;
  reviews: { reviewed: number; candidateAccuracy: number | null } | null;
  drift: { features: number; driftedFeatures: string[]; rows: number; results?: FeatureDrift[] } | null;
  now: Date;
};

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

function offlineMetric(config: NonNullable<GatePolicy["offlineMetric"]>, evidence: CheckEvidence): CheckResult {
  const candidate = evidence.candidateMetrics[config.metric] ?? null;
  const production = evidence.productionMetrics?.[config.metric] ?? null;
  const values = { metric: config.metric, candidate, production, maxDrop: config.maxDrop };

  if (candidate === null) {
    return { kind: "offline_metric", status: "fail", summary: `The candidate has no offline ${config.metric}; register the version with it.`, values };
  }
  if (evidence.productionMetrics === null) {
    return { kind: "offline_metric", status: "pass", summary: `No production version to compare with; the candidate's ${config.metric} is ${candidate}.`, values };
  }
  if (production === null) {
    return { kind: "offline_metric", status: "pass", summary: `The production version has no ${config.metric}; the candidate's is ${candidate}.`, values };
  }

  const bound = config.higherIsBetter ? production - config.maxDrop : production + config.maxDrop;
  const passed = config.higherIsBetter ? candidate >= bound : candidate <= bound;
  const relation = config.higherIsBetter ? "at least" : "at most";
  return {
    kind: "offline_metric",
    status: passed ? "pass" : "fail",
    summary: `${config.metric} ${round(candidate)} against production's ${round(production)}; needs ${relation} ${round(bound)}.`,
    values: { ...values, bound: round(bound) },
  };
}

function shadowLatency(config: NonNullable<GatePolicy["shadowLatency"]>, evidence: CheckEvidence): CheckResult {
  const p95 = evidence.shadow?.candidateLatencyP95Ms ?? null;
  const values = { candidateP95Ms: p95, productionP95Ms: evidence.shadow?.productionLatencyP95Ms ?? null, budgetMs: config.p95BudgetMs };
  if (p95 === null) return { kind: "shadow_latency", status: "pending", summary: "No shadow latencies logged yet.", values };

  const passed = p95 <= config.p95BudgetMs;
  return { kind: "shadow_latency", status: passed ? "pass" : "fail", summary: `Shadow p95 latency ${round(p95, 1)} ms; budget ${config.p95BudgetMs} ms.`, values };
}

function drift(config: NonNullable<GatePolicy["drift"]>, evidence: CheckEvidence): CheckResult {
  const measured = evidence.drift;
  if (!measured || measured.features === 0 || measured.rows === 0) {
    const values = { features: measured?.features ?? null, rows: measured?.rows ?? null, maxDriftedShare: config.maxDriftedShare };
    return { kind: "drift", status: "pending", summary: `No production inputs in the last ${config.windowDays} days to compare with the training profile.`, values };
  }

  const driftedShare = measured.driftedFeatures.length / measured.features;
  const values = {
    features: measured.features,
    drifted: measured.driftedFeatures.length,
    driftedShare: round(driftedShare),
    maxDriftedShare: config.maxDriftedShare,
    driftedFeatures: measured.driftedFeatures.join(", "),
    rows: measured.rows,
  };
  return {
    kind: "drift",
    features: measured.results,
    status: driftedShare <= config.maxDriftedShare ? "pass" : "fail",
    summary: `${measured.driftedFeatures.length} of ${measured.features} features drifted between the training profile and ${measured.rows} production inputs; at most ${round(config.maxDriftedShare * 100, 1)}% may.`,
    values,
  };
}

function agreement(config: NonNullable<GatePolicy["agreement"]>, evidence: CheckEvidence): CheckResult {
  const pairs = evidence.shadow?.pairs ?? 0;
  const rate = evidence.shadow?.agreementRate ?? null;
  const values = { pairs, agreementRate: rate, minRate: config.minRate, minPairs: config.minPairs };
  if (rate === null || pairs < config.minPairs) {
    return { kind: "agreement", status: "pending", summary: `${pairs} of ${config.minPairs} shadow pairs needed so far.`, values };
  }
  return {
    kind: "agreement",
    status: rate >= config.minRate ? "pass" : "fail",
    summary: `Agreement with production ${round(rate * 100, 1)}% on ${pairs} pairs; needs ${round(config.minRate * 100, 1)}%.`,
    values,
  };
}

function humanReview(config: NonNullable<GatePolicy["humanReview"]>, evidence: CheckEvidence): CheckResult {
  const reviewed = evidence.reviews?.reviewed ?? 0;
  const accuracy = evidence.reviews?.candidateAccuracy ?? null;
  const values = { reviewed, candidateAccuracy: accuracy, minAccuracy: config.minAccuracy, minSamples: config.minSamples };
  if (accuracy === null || reviewed < config.minSamples) {
    return { kind: "human_review", status: "pending", summary: `${reviewed} of ${config.minSamples} reviews needed so far.`, values };
  }
  return {
    kind: "human_review",
    status: accuracy >= config.minAccuracy ? "pass" : "fail",
    summary: `Reviewers judged the candidate right on ${round(accuracy * 100, 1)}% of ${reviewed} samples; needs ${round(config.minAccuracy * 100, 1)}%.`,
    values,
  };
}

function shadowDuration(config: NonNullable<GatePolicy["shadowDuration"]>, evidence: CheckEvidence): CheckResult {
  const first = evidence.shadow?.firstShadowAt ?? null;
  if (first === null) {
    return { kind: "shadow_duration", status: "pending", summary: "No shadow predictions logged yet.", values: { hours: null, minHours: config.minHours } };
  }

  const hours = (evidence.now.getTime() - first.getTime()) / 3_600_000;
  return {
    kind: "shadow_duration",
    status: hours >= config.minHours ? "pass" : "pending",
    summary: `In shadow for ${round(hours, 1)} hours since ${first.toISOString()}; needs ${config.minHours}.`,
    values: { hours: round(hours, 2), minHours: config.minHours, firstShadowAt: first.toISOString() },
  };
}

// Live checks read shadow traffic and reviews, which exist only once a version serves beside production.
const LIVE_CHECKS = new Set<CheckKind>(["shadow_latency", "agreement", "human_review", "shadow_duration"]);

/**
 * Evaluates every check of `policy` on `evidence`. A request that puts a version into shadow or canary
 * has no live traffic to judge yet, so for those targets only the offline and drift checks run.
 */
export function evaluateChecks(policy: GatePolicy, evidence: CheckEvidence, target: "shadow" | "canary" | "production"): CheckResult[] {
  const results: CheckResult[] = [];
  if (policy.offlineMetric) results.push(offlineMetric(policy.offlineMetric, evidence));
  if (policy.shadowLatency) results.push(shadowLatency(policy.shadowLatency, evidence));
  if (policy.drift) results.push(drift(policy.drift, evidence));
  if (policy.agreement) results.push(agreement(policy.agreement, evidence));
  if (policy.humanReview) results.push(humanReview(policy.humanReview, evidence));
  if (policy.shadowDuration) results.push(shadowDuration(policy.shadowDuration, evidence));
  return target === "production" ? results : results.filter((result) => !LIVE_CHECKS.has(result.kind));
}

/** Returns the overall state of a set of checks: fail if any fails, else pending if any is pending, else pass. */
export function overallStatus(results: readonly CheckResult[]): CheckStatus {
  if (results.some((result) => result.status === "fail")) return "fail";
  if (results.some((result) => result.status === "pending")) return "pending";
  return "pass";
}

export const CHECK_LABELS: Record<CheckKind, string> = {
  offline_metric: "Offline metric against production",
  shadow_latency: "Shadow latency p95",
  drift: "Training profile against production inputs",
  agreement: "Agreement with production",
  human_review: "Human review accuracy",
  shadow_duration: "Minimum shadow duration",
};
