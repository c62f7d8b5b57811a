import { describe, expect, it } from "vitest";
import { resolveBehavior } from "../behavior";
import { createHpaState, evaluateHpa, replicasForMetric, type HpaConfig } from "../hpa";
import type { HpaBehavior } from "../schema";

type Step = { atSeconds: number; current: number; metric: number; expected: number };
type Case = { name: string; behavior?: HpaBehavior; minReplicas?: number; maxReplicas?: number; steps: Step[] };

const NO_DOWN_WINDOW: HpaBehavior = { scaleDown: { stabilizationWindowSeconds: 0 } };

// Target 10 per replica and tolerance 0.1 throughout; each step is one evaluation.
const CASES: Case[] = [
  { name: "within tolerance above target", steps: [{ atSeconds: 0, current: 4, metric: 10.9, expected: 4 }] },
  { name: "within tolerance below target", behavior: NO_DOWN_WINDOW, steps: [{ atSeconds: 0, current: 4, metric: 9.1, expected: 4 }] },
  { name: "just outside tolerance", steps: [{ atSeconds: 0, current: 4, metric: 11.1, expected: 5 }] },
  {
    name: "scale-up window keeps lowest",
    behavior: { scaleUp: { stabilizationWindowSeconds: 60 } },
    steps: [
      { atSeconds: 0, current: 4, metric: 20, expected: 4 },
      { atSeconds: 30, current: 4, metric: 20, expected: 4 },
      { atSeconds: 61, current: 4, metric: 20, expected: 8 },
    ],
  },
  {
    name: "scale-down window keeps highest",
    steps: [
      { atSeconds: 0, current: 10, metric: 5, expected: 10 },
      { atSeconds: 60, current: 10, metric: 5, expected: 10 },
      { atSeconds: 120, current: 10, metric: 7, expected: 10 },
      { atSeconds: 240, current: 10, metric: 5, expected: 10 },
      { atSeconds: 300, current: 10, metric: 5, expected: 7 },
      { atSeconds: 421, current: 7, metric: 50 / 7, expected: 5 },
    ],
  },
  {
    name: "Pods policy from period start",
    behavior: { scaleUp: { policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] } },
    steps: [
      { atSeconds: 0, current: 4, metric: 50, expected: 6 },
      { atSeconds: 30, current: 6, metric: 40, expected: 6 },
      { atSeconds: 60, current: 6, metric: 40, expected: 8 },
    ],
  },
  {
    name: "Percent policy rounds up",
    behavior: { scaleUp: { policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] } },
    steps: [{ atSeconds: 0, current: 3, metric: 50, expected: 5 }],
  },
  {
    name: "Max select takes larger step up",
    maxReplicas: 100,
    behavior: { scaleUp: { selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 60 }, { type: "Percent", value: 100, periodSeconds: 60 }] } },
    steps: [{ atSeconds: 0, current: 10, metric: 100, expected: 20 }],
  },
  {
    name: "Min select takes smaller step up",
    maxReplicas: 100,
    behavior: { scaleUp: { selectPolicy: "Min", policies: [{ type: "Pods", value: 4, periodSeconds: 60 }, { type: "Percent", value: 100, periodSeconds: 60 }] } },
    steps: [{ atSeconds: 0, current: 10, metric: 100, expected: 14 }],
  },
  {
    name: "Max select takes larger step down",
    behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }, { type: "Percent", value: 50, periodSeconds: 60 }] } },
    steps: [{ atSeconds: 0, current: 10, metric: 1, expected: 5 }],
  },
  {
    name: "Min select takes smaller step down",
    behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }, { type: "Percent", value: 50, periodSeconds: 60 }] } },
    steps: [{ atSeconds: 0, current: 10, metric: 1, expected: 9 }],
  },
  {
    name: "Percent scale-down truncates",
    behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] } },
    steps: [
      { atSeconds: 0, current: 10, metric: 1, expected: 9 },
      { atSeconds: 30, current: 9, metric: 1, expected: 9 },
      { atSeconds: 60, current: 9, metric: 1, expected: 8 },
    ],
  },
  {
    name: "Disabled scale-up",
    behavior: { scaleUp: { selectPolicy: "Disabled" } },
    steps: [{ atSeconds: 0, current: 4, metric: 100, expected: 4 }],
  },
  {
    name: "Disabled scale-down",
    behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: "Disabled" } },
    steps: [{ atSeconds: 0, current: 10, metric: 1, expected: 10 }],
  },
  { name: "max clamp", maxReplicas: 6, steps: [{ atSeconds: 0, current: 4, metric: 100, expected: 6 }] },
  { name: "min clamp", minReplicas: 3, behavior: NO_DOWN_WINDOW, steps: [{ atSeconds: 0, current: 4, metric: 1, expected: 3 }] },
  { name: "default rate limit up", steps: [{ atSeconds: 0, current: 2, metric: 100, expected: 6 }] },
  { name: "current above max", maxReplicas: 20, steps: [{ atSeconds: 0, current: 30, metric: 10, expected: 20 }] },
  { name: "current below min", minReplicas: 3, steps: [{ atSeconds: 0, current: 1, metric: 10, expected: 3 }] },
];

describe("evaluateHpa", () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const config: HpaConfig = {
        target: 10,
        tolerance: 0.1,
        minReplicas: testCase.minReplicas ?? 1,
        maxReplicas: testCase.maxReplicas ?? 20,
        behavior: resolveBehavior(testCase.behavior),
      };
      const state = createHpaState();
      const start = Date.parse("2026-01-01T00:00:00Z");
      for (const step of testCase.steps) {
        const decision = evaluateHpa(config, state, { nowMs: start + step.atSeconds * 1_000, currentReplicas: step.current, metricValue: step.metric });
        expect(decision.desiredReplicas, `at ${step.atSeconds} s`).toBe(step.expected);
      }
    });
  }
});

describe("replicasForMetric", () => {
  it("ceils the usage ratio times replicas", () => {
    expect(replicasForMetric(3, 14, 10, 0.1)).toBe(5);
  });

  it("keeps replicas inside tolerance", () => {
    expect(replicasForMetric(3, 10.99, 10, 0.1)).toBe(3);
  });

  // 11 / 10 is 1.1000000000000001 in float64, just outside the tolerance, as in the Go controller.
  it("scales at float tolerance edge", () => {
    expect(replicasForMetric(3, 11, 10, 0.1)).toBe(4);
  });

  it("scales with zero tolerance", () => {
    expect(replicasForMetric(3, 10.5, 10, 0)).toBe(4);
  });
});
