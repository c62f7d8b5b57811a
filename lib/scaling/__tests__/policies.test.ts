import { describe, expect, it } from "vitest";
import { boundsAt, scheduleCursor } from "../scheduled";
import { scalingPolicySchema, type ScheduledPolicy, type StepPolicy } from "../schema";
import { createStepState, evaluateStep, roundPercentChange } from "../step";
import { quantile, recommendResources } from "../vertical";

function stepPolicy(overrides: Partial<StepPolicy> = {}): StepPolicy {
  return scalingPolicySchema.parse({
    kind: "step",
    metric: "cpu_percent",
    adjustmentType: "change_in_capacity",
    steps: [
      { upper: 30, adjustment: -1 },
      { lower: 30, upper: 70, adjustment: 0 },
      { lower: 70, upper: 90, adjustment: 2 },
      { lower: 90, adjustment: 4 },
    ],
    cooldownSeconds: 120,
    minReplicas: 2,
    maxReplicas: 10,
    ...overrides,
  }) as StepPolicy;
}

describe("evaluateStep", () => {
  it("applies the step containing the metric", () => {
    const decision = evaluateStep(stepPolicy(), createStepState(), { nowMs: 0, currentReplicas: 4, metricValue: 75 });
    expect(decision.desiredReplicas).toBe(6);
    expect(decision.stepIndex).toBe(2);
  });

  it("includes lower bound, excludes upper", () => {
    expect(evaluateStep(stepPolicy(), createStepState(), { nowMs: 0, currentReplicas: 4, metricValue: 90 }).desiredReplicas).toBe(8);
    expect(evaluateStep(stepPolicy(), createStepState(), { nowMs: 0, currentReplicas: 4, metricValue: 29.99 }).desiredReplicas).toBe(3);
  });

  it("waits out the cooldown", () => {
    const state = createStepState();
    const policy = stepPolicy();
    expect(evaluateStep(policy, state, { nowMs: 0, currentReplicas: 4, metricValue: 95 }).desiredReplicas).toBe(8);
    expect(evaluateStep(policy, state, { nowMs: 60_000, currentReplicas: 8, metricValue: 95 }).reason).toBe("cooldown");
    expect(evaluateStep(policy, state, { nowMs: 120_000, currentReplicas: 8, metricValue: 95 }).desiredReplicas).toBe(10);
  });

  it("clamps to min and max", () => {
    expect(evaluateStep(stepPolicy(), createStepState(), { nowMs: 0, currentReplicas: 9, metricValue: 95 }).desiredReplicas).toBe(10);
    expect(evaluateStep(stepPolicy(), createStepState(), { nowMs: 0, currentReplicas: 2, metricValue: 5 }).desiredReplicas).toBe(2);
  });

  it("applies percent change with AWS rounding", () => {
    const policy = stepPolicy({ adjustmentType: "percent_change", steps: [{ upper: 50, adjustment: -10 }, { lower: 50, adjustment: 50 }] });
    expect(evaluateStep(policy, createStepState(), { nowMs: 0, currentReplicas: 5, metricValue: 80 }).desiredReplicas).toBe(7);
    expect(evaluateStep(policy, createStepState(), { nowMs: 0, currentReplicas: 5, metricValue: 10 }).desiredReplicas).toBe(4);
  });

  it("sets exact capacity", () => {
    const policy = stepPolicy({ adjustmentType: "exact_capacity", steps: [{ upper: 50, adjustment: 3 }, { lower: 50, adjustment: 9 }] });
    expect(evaluateStep(policy, createStepState(), { nowMs: 0, currentReplicas: 5, metricValue: 80 }).desiredReplicas).toBe(9);
  });

  it("keeps replicas outside every step", () => {
    const policy = stepPolicy({ steps: [{ lower: 70, adjustment: 2 }] });
    expect(evaluateStep(policy, createStepState(), { nowMs: 0, currentReplicas: 5, metricValue: 10 })).toMatchObject({ desiredReplicas: 5, reason: "no_step" });
  });
});

describe("roundPercentChange", () => {
  it.each([
    [2.5, 2],
    [0.4, 1],
    [-0.4, -1],
    [-2.5, -2],
    [0, 0],
  ])("rounds %d to %d", (change, expected) => {
    expect(roundPercentChange(change)).toBe(expected);
  });
});

function scheduled(timezone: string, start: string, end: string): ScheduledPolicy {
  return scalingPolicySchema.parse({
    kind: "scheduled",
    timezone,
    minReplicas: 1,
    maxReplicas: 4,
    windows: [{ name: "busy", start, end, minReplicas: 6, maxReplicas: 12 }],
  }) as ScheduledPolicy;
}

describe("scheduled windows", () => {
  it("opens at local time across a DST change", () => {
    // New York moves from EST (UTC−5) to EDT (UTC−4) on 2026-03-08.
    const policy = scheduled("America/New_York", "0 8 * * *", "0 18 * * *");
    expect(boundsAt(policy, Date.parse("2026-03-06T12:30:00Z")).minReplicas).toBe(1);
    expect(boundsAt(policy, Date.parse("2026-03-06T13:30:00Z")).minReplicas).toBe(6);
    expect(boundsAt(policy, Date.parse("2026-03-09T12:30:00Z")).minReplicas).toBe(6);
    expect(boundsAt(policy, Date.parse("2026-03-09T11:30:00Z")).minReplicas).toBe(1);
    expect(boundsAt(policy, Date.parse("2026-03-09T21:59:00Z")).minReplicas).toBe(6);
    expect(boundsAt(policy, Date.parse("2026-03-09T22:00:00Z")).minReplicas).toBe(1);
  });

  it("keeps window hours through the autumn change", () => {
    // Paris moves from CEST (UTC+2) to CET (UTC+1) on 2026-10-25.
    const policy = scheduled("Europe/Paris", "0 9 * * *", "0 17 * * *");
    const cursor = scheduleCursor(policy, Date.parse("2026-10-24T00:00:00Z"), Date.parse("2026-10-27T00:00:00Z"));
    expect(cursor(Date.parse("2026-10-24T07:00:00Z")).minReplicas).toBe(6);
    expect(cursor(Date.parse("2026-10-24T15:00:00Z")).minReplicas).toBe(1);
    expect(cursor(Date.parse("2026-10-26T07:00:00Z")).minReplicas).toBe(1);
    expect(cursor(Date.parse("2026-10-26T08:00:00Z")).minReplicas).toBe(6);
    expect(cursor(Date.parse("2026-10-26T15:59:00Z")).minReplicas).toBe(6);
    expect(cursor(Date.parse("2026-10-26T16:00:00Z")).minReplicas).toBe(1);
  });

  it("crosses midnight", () => {
    const policy = scheduled("UTC", "0 22 * * *", "0 6 * * *");
    expect(boundsAt(policy, Date.parse("2026-05-01T21:59:00Z")).minReplicas).toBe(1);
    expect(boundsAt(policy, Date.parse("2026-05-01T23:00:00Z"))).toEqual({ minReplicas: 6, maxReplicas: 12, windows: ["busy"] });
    expect(boundsAt(policy, Date.parse("2026-05-02T03:00:00Z")).minReplicas).toBe(6);
    expect(boundsAt(policy, Date.parse("2026-05-02T06:00:00Z")).minReplicas).toBe(1);
    expect(boundsAt(policy, Date.parse("2026-05-02T12:00:00Z")).minReplicas).toBe(1);
  });

  it("takes the highest bounds of overlapping windows", () => {
    const policy = scalingPolicySchema.parse({
      kind: "scheduled",
      minReplicas: 1,
      maxReplicas: 4,
      windows: [
        { name: "day", start: "0 8 * * *", end: "0 18 * * *", minReplicas: 3, maxReplicas: 20 },
        { name: "lunch", start: "0 12 * * *", end: "0 14 * * *", minReplicas: 8, maxReplicas: 10 },
      ],
    }) as ScheduledPolicy;
    expect(boundsAt(policy, Date.parse("2026-05-01T13:00:00Z"))).toEqual({ minReplicas: 8, maxReplicas: 20, windows: ["day", "lunch"] });
  });
});

describe("recommendResources", () => {
  it("adds 15% to the 90th percentile", () => {
    const cpu = Array.from({ length: 11 }, (_, i) => 100 + 10 * i);
    const recommendation = recommendResources({ cpuMillicores: cpu, memoryMiB: [512, 1024], gpus: [0.5, 0.9] });
    expect(recommendation?.requests.cpuMillicores).toBe(Math.ceil(190 * 1.15));
    expect(recommendation?.requests.memoryMiB).toBe(Math.ceil((512 + 0.9 * 512) * 1.15));
    expect(recommendation?.requests.gpus).toBe(1);
  });

  it("returns null without samples", () => {
    expect(recommendResources({ cpuMillicores: [], memoryMiB: [1] })).toBeNull();
  });

  it("interpolates quantiles", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });
});
