import { describe, expect, it } from "vitest";
import { evaluateChecks, overallStatus, type CheckEvidence } from "../checks";
import { DEFAULT_GATE_POLICY, gatePolicySchema, type GatePolicy } from "../schemas";

const NOW = new Date("2026-12-05T12:00:00Z");

function evidence(overrides: Partial<CheckEvidence> = {}): CheckEvidence {
  return {
    candidateMetrics: { roc_auc: 0.72 },
    productionMetrics: { roc_auc: 0.725 },
    shadow: { pairs: 500, agreementRate: 0.9, candidateLatencyP95Ms: 80, productionLatencyP95Ms: 70, firstShadowAt: new Date("2026-12-03T12:00:00Z") },
    reviews: { reviewed: 10, candidateAccuracy: 0.8 },
    drift: { features: 6, driftedFeatures: ["distance"], rows: 1000 },
    now: NOW,
    ...overrides,
  };
}

function byKind(policy: GatePolicy, input: CheckEvidence) {
  return Object.fromEntries(evaluateChecks(policy, input, "production").map((result) => [result.kind, result]));
}

describe("evaluateChecks", () => {
  it("passes the default policy on good evidence", () => {
    const results = evaluateChecks(DEFAULT_GATE_POLICY, evidence(), "production");
    expect(results.map((result) => result.status)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass"]);
    expect(overallStatus(results)).toBe("pass");
  });

  it("fails an offline metric below production minus the drop", () => {
    const result = byKind(DEFAULT_GATE_POLICY, evidence({ candidateMetrics: { roc_auc: 0.714 } })).offline_metric;
    expect(result.status).toBe("fail");
    expect(result.values.bound).toBe(0.715);
  });

  it("rounds offline metrics in the summary", () => {
    const result = byKind(
      DEFAULT_GATE_POLICY,
      evidence({ candidateMetrics: { roc_auc: 0.6792470031611787 }, productionMetrics: { roc_auc: 0.638320738013797 } }),
    ).offline_metric;
    expect(result.summary).toBe("roc_auc 0.6792 against production's 0.6383; needs at least 0.6283.");
    expect(result.values.candidate).toBe(0.6792470031611787);
  });

  it("passes at exactly the bound", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ candidateMetrics: { roc_auc: 0.715 } })).offline_metric.status).toBe("pass");
  });

  it("compares lower-is-better metrics upwards", () => {
    const policy = { ...DEFAULT_GATE_POLICY, offlineMetric: { metric: "log_loss", maxDrop: 0.01, higherIsBetter: false } };
    const worse = byKind(policy, evidence({ candidateMetrics: { log_loss: 0.52 }, productionMetrics: { log_loss: 0.5 } })).offline_metric;
    const better = byKind(policy, evidence({ candidateMetrics: { log_loss: 0.49 }, productionMetrics: { log_loss: 0.5 } })).offline_metric;
    expect(worse.status).toBe("fail");
    expect(better.status).toBe("pass");
  });

  it("fails a candidate without the metric", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ candidateMetrics: {} })).offline_metric.status).toBe("fail");
  });

  it("passes the metric without production", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ productionMetrics: null })).offline_metric.status).toBe("pass");
  });

  it("fails latency over the budget", () => {
    const shadow = { ...evidence().shadow!, candidateLatencyP95Ms: 251 };
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ shadow })).shadow_latency.status).toBe("fail");
  });

  it("keeps live checks pending without shadow data", () => {
    const results = byKind(DEFAULT_GATE_POLICY, evidence({ shadow: null, reviews: null }));
    expect(results.shadow_latency.status).toBe("pending");
    expect(results.agreement.status).toBe("pending");
    expect(results.human_review.status).toBe("pending");
    expect(results.shadow_duration.status).toBe("pending");
  });

  it("waits for enough shadow pairs", () => {
    const shadow = { ...evidence().shadow!, pairs: 99, agreementRate: 0.1 };
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ shadow })).agreement.status).toBe("pending");
  });

  it("fails agreement below the rate", () => {
    const shadow = { ...evidence().shadow!, agreementRate: 0.79 };
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ shadow })).agreement.status).toBe("fail");
  });

  it("waits for enough reviews", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ reviews: { reviewed: 4, candidateAccuracy: 1 } })).human_review.status).toBe("pending");
  });

  it("fails review accuracy below the minimum", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ reviews: { reviewed: 20, candidateAccuracy: 0.5 } })).human_review.status).toBe("fail");
  });

  it("fails drift above the share", () => {
    const result = byKind(DEFAULT_GATE_POLICY, evidence({ drift: { features: 4, driftedFeatures: ["a", "b", "c"], rows: 10 } })).drift;
    expect(result.status).toBe("fail");
    expect(result.values.driftedShare).toBe(0.75);
  });

  it("keeps drift pending without inputs", () => {
    expect(byKind(DEFAULT_GATE_POLICY, evidence({ drift: { features: 0, driftedFeatures: [], rows: 0 } })).drift.status).toBe("pending");
  });

  it("keeps a short shadow run pending", () => {
    const shadow = { ...evidence().shadow!, firstShadowAt: new Date("2026-12-05T00:00:00Z") };
    const result = byKind(DEFAULT_GATE_POLICY, evidence({ shadow })).shadow_duration;
    expect(result.status).toBe("pending");
    expect(result.values.hours).toBe(12);
  });

  it("leaves out disabled checks", () => {
    const policy = { ...DEFAULT_GATE_POLICY, shadowLatency: null, agreement: null, humanReview: null, shadowDuration: null, drift: null };
    expect(evaluateChecks(policy, evidence(), "production").map((result) => result.kind)).toEqual(["offline_metric"]);
  });

  it("runs only offline and drift checks for shadow", () => {
    expect(evaluateChecks(DEFAULT_GATE_POLICY, evidence({ shadow: null }), "shadow").map((result) => result.kind)).toEqual(["offline_metric", "drift"]);
  });
});

describe("overallStatus", () => {
  it("fail wins over pending", () => {
    const results = evaluateChecks(DEFAULT_GATE_POLICY, evidence({ candidateMetrics: {}, shadow: null }), "production");
    expect(overallStatus(results)).toBe("fail");
  });

  it("pending without failures", () => {
    expect(overallStatus(evaluateChecks(DEFAULT_GATE_POLICY, evidence({ reviews: null }), "production"))).toBe("pending");
  });
});

describe("gatePolicySchema", () => {
  it("accepts the default", () => {
    expect(gatePolicySchema.safeParse(DEFAULT_GATE_POLICY).success).toBe(true);
  });

  it("rejects a share above 1", () => {
    const parsed = gatePolicySchema.safeParse({ ...DEFAULT_GATE_POLICY, agreement: { minRate: 1.5, minPairs: 10 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["agreement", "minRate"]);
  });

  it("rejects zero approvals", () => {
    expect(gatePolicySchema.safeParse({ ...DEFAULT_GATE_POLICY, requiredApprovals: 0 }).success).toBe(false);
  });
});
