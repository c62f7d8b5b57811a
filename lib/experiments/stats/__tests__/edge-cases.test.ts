import { describe, expect, it } from "vitest";
import { KeelError } from "../../../errors";
import { analyze, compare, compareCuped, meanMoments, proportionMoments, ratioMoments, requiredSampleSize, srmTest, type Comparison } from "..";

const ENGINES = [
  { engine: "frequentist" as const },
  { engine: "frequentist" as const, sequential: { tuning: 5000 } },
  { engine: "bayesian" as const },
];

function expectFinite(result: Comparison) {
  const numbers = [result.estimate, ...result.ci, result.pValue ?? 0, result.chanceToWin ?? 0, result.risk ?? 0];
  for (const value of numbers) expect(Number.isFinite(value), `${JSON.stringify(result)}`).toBe(true);
}

const healthy = meanMoments({ n: 100, sum: 500, sumSquares: 2700 });

describe("not enough data", () => {
  const cases = [
    { name: "zero units in the treatment", control: healthy, treatment: meanMoments({ n: 0, sum: 0, sumSquares: 0 }) },
    { name: "zero units in the control", control: meanMoments({ n: 0, sum: 0, sumSquares: 0 }), treatment: healthy },
    { name: "one unit", control: healthy, treatment: meanMoments({ n: 1, sum: 4, sumSquares: 16 }) },
    { name: "zero variance", control: healthy, treatment: meanMoments({ n: 50, sum: 250, sumSquares: 1250 }) },
    { name: "no conversions anywhere", control: proportionMoments({ n: 500, conversions: 0 }), treatment: proportionMoments({ n: 500, conversions: 0 }) },
    { name: "every unit converted", control: proportionMoments({ n: 40, conversions: 40 }), treatment: proportionMoments({ n: 40, conversions: 12 }) },
    { name: "zero ratio denominator", control: ratioMoments({ n: 10, sumX: 0, sumY: 0, sumXSquares: 0, sumYSquares: 0, sumXY: 0 }), treatment: healthy },
  ];

  for (const item of cases) {
    for (const options of ENGINES) {
      it(`${item.name} (${options.engine}${"sequential" in options ? ", sequential" : ""})`, () => {
        for (const differenceType of ["relative", "absolute"] as const) {
          const result = compare(item.control, item.treatment, { ...options, differenceType });
          expect(result.status).toBe("not_enough_data");
          expect(result.reason).toBeTypeOf("string");
          expectFinite(result);
        }
      });
    }
  }

  it("control mean 0 blocks only the relative lift", () => {
    const control = meanMoments({ n: 4, sum: 0, sumSquares: 8 });
    const treatment = meanMoments({ n: 4, sum: 4, sumSquares: 10 });
    const relative = compare(control, treatment, { engine: "frequentist", differenceType: "relative" });
    expect(relative.status).toBe("not_enough_data");
    expect(relative.reason).toMatch(/control mean is 0/);
    expect(compare(control, treatment, { engine: "frequentist", differenceType: "absolute" }).status).toBe("ok");
  });

  it("matches GrowthBook's uninformative output", () => {
    const zero = meanMoments({ n: 0, sum: 0, sumSquares: 0 });
    expect(compare(zero, zero, { engine: "frequentist" })).toMatchObject({ estimate: 0, ci: [0, 0], pValue: 1 });
    expect(compare(zero, zero, { engine: "bayesian" })).toMatchObject({ estimate: 0, ci: [0, 0], chanceToWin: 0.5, risk: 0 });
  });

  it("CUPED with constant values", () => {
    const constant = { n: 10, sum: 10, sumSquares: 10, covariateSum: 20, covariateSumSquares: 40, crossSum: 20 };
    const [result] = compareCuped([constant, constant], { engine: "frequentist" });
    expect(result.status).toBe("not_enough_data");
    expectFinite(result);
  });

  it("huge values stay finite", () => {
    const control = meanMoments({ n: 3, sum: 3e200, sumSquares: 1e308 });
    const treatment = meanMoments({ n: 3, sum: 6e200, sumSquares: 1e308 });
    for (const options of ENGINES) expectFinite(compare(control, treatment, options));
  });
});

describe("analyze edge cases", () => {
  it("an empty arm gives a defined response", () => {
    const response = analyze({
      metricType: "proportion",
      engine: "bayesian",
      variants: [
        { name: "control", n: 0, conversions: 0 },
        { name: "treatment", n: 0, conversions: 0 },
      ],
    });
    expect(response.variants.map((variant) => variant.status)).toEqual(["not_enough_data", "not_enough_data"]);
    expect(response.srm).toEqual({ pValue: 1, mismatch: false });
    expect(JSON.stringify(response)).not.toMatch(/null|NaN|Infinity/);
  });
});

describe("srmTest", () => {
  it("flags a clear mismatch", () => {
    expect(srmTest([5000, 5400]).mismatch).toBe(true);
  });

  it("ignores mismatches below 8 units", () => {
    const result = srmTest([7, 200]);
    expect(result.pValue).toBeLessThan(0.001);
    expect(result.mismatch).toBe(false);
  });

  it("rejects a weight count mismatch", () => {
    expect(() => srmTest([1, 2], [1])).toThrow(/one weight per count/);
  });
});

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("unprocessable");
    return (error as KeelError).issues;
  }
  throw new Error("expected a KeelError");
}

describe("requiredSampleSize limits", () => {
  it("rejects an unreachable MDE", () => {
    expect(() => requiredSampleSize({ metricType: "mean", baselineMean: 10, baselineStd: 5, mde: 1e-12 })).toThrow(/larger minimum detectable effect/);
  });

  it("rejects a treated rate above 1", () => {
    expect(issuesOf(() => requiredSampleSize({ metricType: "proportion", baselineRate: 0.6, mde: 1 }))).toEqual([
      { path: "mde", message: "must keep the treated rate between 0 and 1; it would be 1.2" },
    ]);
  });

  it("splits equally by variant count", () => {
    const base = { metricType: "proportion" as const, baselineRate: 0.1, mde: 0.1 };
    expect(requiredSampleSize({ ...base, variants: 3 })).toEqual(requiredSampleSize({ ...base, weights: [1, 1, 1] }));
    expect(requiredSampleSize(base)).toEqual(requiredSampleSize({ ...base, weights: [1, 1] }));
    expect(issuesOf(() => requiredSampleSize({ ...base, variants: 3, weights: [1, 1] }))).toEqual([
      { path: "weights", message: "must have 3 weights, one per variant, or leave out variants" },
    ]);
  });

  it("rounds each variant up", () => {
    const plan = requiredSampleSize({ metricType: "proportion", baselineRate: 0.1, mde: 0.1, weights: [1, 1, 2] });
    expect(plan.perVariant[2]).toBeGreaterThanOrEqual(2 * plan.perVariant[0] - 1);
    expect(plan.total).toBe(plan.perVariant[0] + plan.perVariant[1] + plan.perVariant[2]);
  });
});

describe("analyze input errors", () => {
  it("throws a KeelError naming the field", () => {
    const request = { metricType: "mean", engine: "frequentist", alpha: 0.9, variants: [] } as never;
    expect(issuesOf(() => analyze(request))).toContainEqual({ path: "alpha", message: "must be below 0.5, such as 0.05" });
  });
});
