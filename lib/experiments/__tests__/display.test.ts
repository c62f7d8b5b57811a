import { describe, expect, it } from "vitest";
import { formatLift, intervalBarGeometry, liftAxisBound, liftSeries } from "../display";
import { adjustForMultipleComparisons, outcomeOf, verdictOf } from "../results";
import type { Comparison } from "../stats";

const ok = (estimate: number, ci: [number, number], pValue = 0.01): Comparison => ({ estimate, ci, pValue, status: "ok" });
const frequentist = { engine: "frequentist" as const, alpha: 0.05 };

describe("interval bar", () => {
  it("places zero in the middle and clamps ends", () => {
    expect(intervalBarGeometry([-0.1, 0.1], 0, 0.1)).toEqual({ left: 0, width: 100, point: 50, zero: 50 });
    expect(intervalBarGeometry([0.05, 0.3], 0.1, 0.1)).toEqual({ left: 75, width: 25, point: 100, zero: 50 });
  });

  it("uses the widest interval as the axis bound", () => {
    const metric = { comparisons: [{ ...ok(0.02, [-0.03, 0.07]), variant: "b", outcome: "inconclusive", verdict: "" }] };
    expect(liftAxisBound([metric as never])).toBe(0.07);
    expect(liftAxisBound([])).toBe(0.01);
  });
});

describe("lift series", () => {
  it("turns cumulative points into percent", () => {
    const points = liftSeries([{ day: "2026-01-02", variant: "b", estimate: 0.01, lower: -0.02, upper: 0.04 }, { day: "2026-01-02", variant: "c", estimate: 1, lower: 0, upper: 2 }], "b");
    expect(points).toEqual([{ t: Date.UTC(2026, 0, 2), lift: 1, band: [-2, 4] }]);
  });
});

describe("verdicts", () => {
  it("reads direction into better and worse", () => {
    expect(outcomeOf(ok(-0.05, [-0.08, -0.02]), "lower", frequentist)).toBe("better");
    expect(outcomeOf(ok(-0.05, [-0.08, -0.02]), "higher", frequentist)).toBe("worse");
    expect(outcomeOf(ok(0.05, [-0.01, 0.11]), "higher", frequentist)).toBe("inconclusive");
    expect(outcomeOf(ok(0.05, [0.01, 0.11]), "none", frequentist)).toBe("changed");
    expect(outcomeOf({ estimate: 0, ci: [0, 0], status: "not_enough_data", reason: "zero units" }, "higher", frequentist)).toBe("not_enough_data");
  });

  it("uses the chance to win for the Bayesian engine", () => {
    const bayesian = { engine: "bayesian" as const, alpha: 0.05 };
    expect(outcomeOf({ ...ok(0.1, [0.01, 0.2]), chanceToWin: 0.99 }, "higher", bayesian)).toBe("better");
    expect(outcomeOf({ ...ok(0.1, [-0.01, 0.2]), chanceToWin: 0.9 }, "higher", bayesian)).toBe("inconclusive");
  });

  it("states lift, interval and p-value in words", () => {
    expect(verdictOf("b", "a", "worse", ok(-0.021, [-0.03, -0.012], 0.00001), frequentist)).toBe(
      "b is worse than a: -2.10% (95% CI -3.00% to -1.20%), p < 0.0001.",
    );
    expect(formatLift(0.1234)).toBe("+12.3%");
  });
});

describe("multiple comparisons", () => {
  const metric = (key: string, pValue: number, ci: [number, number]) =>
    ({
      key,
      comparisons: [{ ...ok(0.05, ci, pValue), variant: "b", outcome: ci[0] > 0 ? "better" : "inconclusive", verdict: "b vs a." }],
    }) as never;

  it("adjusts p-values over all metrics", () => {
    const metrics = [metric("m1", 0.01, [0.01, 0.09]), metric("m2", 0.04, [0.001, 0.1]), metric("m3", 0.3, [-0.02, 0.12])];
    adjustForMultipleComparisons(metrics, 0.05);

    const adjusted = (metrics as { comparisons: { adjusted: { holm: number; benjaminiHochberg: number; comparisons: number } }[] }[]).map(
      (entry) => entry.comparisons[0].adjusted,
    );
    expect(adjusted.map((entry) => entry.holm)).toEqual([0.03, 0.08, 0.3]);
    expect(adjusted[0].benjaminiHochberg).toBeCloseTo(0.03, 12);
    expect(adjusted[1].benjaminiHochberg).toBeCloseTo(0.06, 12);
    expect(adjusted[2].benjaminiHochberg).toBeCloseTo(0.3, 12);
    expect(adjusted[0].comparisons).toBe(3);
  });

  it("flags verdicts that lose significance", () => {
    const metrics = [metric("m1", 0.001, [0.01, 0.09]), metric("m2", 0.03, [0.001, 0.1]), metric("m3", 0.04, [0.001, 0.1])];
    adjustForMultipleComparisons(metrics, 0.05);

    const verdicts = (metrics as { comparisons: { verdict: string }[] }[]).map((entry) => entry.comparisons[0].verdict);
    expect(verdicts[0]).toBe("b vs a.");
    expect(verdicts[1]).toMatch(/Not significant after Holm–Bonferroni correction over 3 comparisons \(adjusted p = 0\.0600\)/);
    expect(verdicts[2]).toMatch(/adjusted p = 0\.0600/);
  });
});
