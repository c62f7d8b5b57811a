// Worked numbers from GrowthBook's own gbstats unit tests (packages/stats/tests in growthbook/growthbook),
// which GrowthBook publishes rounded to 5 decimals; toBeCloseTo(x, 5) allows a difference below 5e-6.
import { describe, expect, it } from "vitest";
import { compare, meanMoments, proportionMoments } from "..";

const control = meanMoments({ n: 3407, sum: 1396.87, sumSquares: 52377.9767 });
const treatment = meanMoments({ n: 3461, sum: 2422.7, sumSquares: 134698.29 });

describe("GrowthBook's published results", () => {
  it("relative t-test on means", () => {
    const result = compare(control, treatment, { engine: "frequentist" });
    expect(result.estimate).toBeCloseTo(0.70732, 5);
    expect(result.ci[0]).toBeCloseTo(-0.03526, 5);
    expect(result.ci[1]).toBeCloseTo(1.44989, 5);
    expect(result.pValue).toBeCloseTo(0.06191, 5);
  });

  it("absolute t-test on means", () => {
    const result = compare(control, treatment, { engine: "frequentist", differenceType: "absolute" });
    expect(result.estimate).toBeCloseTo(0.29, 5);
    expect(result.ci[0]).toBeCloseTo(0.04538, 5);
    expect(result.ci[1]).toBeCloseTo(0.53462, 5);
    expect(result.pValue).toBeCloseTo(0.02016, 5);
  });

  it("relative t-test on proportions", () => {
    const result = compare(proportionMoments({ n: 28, conversions: 14 }), proportionMoments({ n: 30, conversions: 16 }), { engine: "frequentist" });
    expect(result.estimate).toBeCloseTo(0.06667, 5);
    expect(result.ci[0]).toBeCloseTo(-0.47767, 5);
    expect(result.ci[1]).toBeCloseTo(0.61101, 5);
    expect(result.pValue).toBeCloseTo(0.80707, 5);
  });

  it("negative variance is not enough data", () => {
    const result = compare(meanMoments({ n: 2, sum: 1396.87, sumSquares: 52377.9767 }), treatment, { engine: "frequentist" });
    expect(result).toMatchObject({ status: "not_enough_data", estimate: 0, ci: [0, 0], pValue: 1 });
  });

  it("sequential means with tuning 1000", () => {
    const smallerControl = meanMoments({ n: 3000, sum: 1396.87, sumSquares: 52377.9767 });
    const result = compare(smallerControl, treatment, { engine: "frequentist", sequential: { tuning: 1000 } });
    expect(result.estimate).toBeCloseTo(0.50336, 5);
    expect(result.ci[0]).toBeCloseTo(-0.55844, 5);
    expect(result.ci[1]).toBeCloseTo(1.56516, 5);
    expect(result.pValue).toBe(1);
  });

  it("sequential proportions with tuning 5000", () => {
    const result = compare(proportionMoments({ n: 3000, conversions: 1396 }), proportionMoments({ n: 3461, conversions: 2422 }), {
      engine: "frequentist",
      sequential: { tuning: 5000 },
    });
    expect(result.estimate).toBeCloseTo(0.50386, 5);
    expect(result.ci[0]).toBeCloseTo(0.40098, 5);
    expect(result.ci[1]).toBeCloseTo(0.60675, 5);
    expect(result.pValue).toBeCloseTo(0, 5);
  });

  it("Bayesian proportions with a flat prior", () => {
    const result = compare(proportionMoments({ n: 100, conversions: 49 }), proportionMoments({ n: 100, conversions: 51 }), { engine: "bayesian" });
    expect(result.estimate).toBeCloseTo(0.04082, 5);
    expect(result.ci[0]).toBeCloseTo(-0.24779, 5);
    expect(result.ci[1]).toBeCloseTo(0.32943, 5);
    expect(result.chanceToWin).toBeCloseTo(0.60918, 5);
    expect(result.risk).toBeCloseTo(0.04058, 5);
  });
});
