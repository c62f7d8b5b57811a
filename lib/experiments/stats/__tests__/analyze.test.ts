import { describe, expect, it } from "vitest";
import { analyze, analyzeRequestSchema, compare, meanMoments, proportionMoments } from "..";

const meanVariants = [
  { name: "control", n: 3407, sum: 1396.87, sumSquares: 52377.9767 },
  { name: "v2", n: 3461, sum: 2422.7, sumSquares: 134698.29 },
  { name: "v3", n: 3390, sum: 1500.2, sumSquares: 60000.5 },
];

function issuesOf(input: unknown) {
  const parsed = analyzeRequestSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("analyze", () => {
  it("compares every treatment with the first variant", () => {
    const response = analyze({ metricType: "mean", engine: "frequentist", variants: meanVariants });
    expect(response.variants.map((variant) => variant.name)).toEqual(["control", "v2", "v3"]);
    expect(response.variants[0]).toEqual({ name: "control", estimate: 0, ci: [0, 0], status: "ok" });

    const expected = compare(meanMoments(meanVariants[0]), meanMoments(meanVariants[2]), { engine: "frequentist" });
    expect(response.variants[2]).toEqual({ name: "v3", ...expected });
  });

  it("applies alpha, difference type and weights", () => {
    const response = analyze({
      metricType: "proportion",
      engine: "bayesian",
      differenceType: "absolute",
      alpha: 0.1,
      weights: [0.2, 0.8],
      variants: [
        { name: "a", n: 2000, conversions: 200 },
        { name: "b", n: 8100, conversions: 900 },
      ],
    });
    const expected = compare(proportionMoments({ n: 2000, conversions: 200 }), proportionMoments({ n: 8100, conversions: 900 }), {
      engine: "bayesian",
      differenceType: "absolute",
      alpha: 0.1,
    });
    expect(response.variants[1]).toMatchObject(expected);
    expect(response.srm.mismatch).toBe(false);
    expect(response.srm.pValue).toBeGreaterThan(0.1);
  });

  it("reports a sample ratio mismatch", () => {
    const response = analyze({
      metricType: "proportion",
      engine: "frequentist",
      variants: [
        { name: "a", n: 5000, conversions: 200 },
        { name: "b", n: 5600, conversions: 230 },
      ],
    });
    expect(response.srm.mismatch).toBe(true);
  });
});

describe("analyzeRequestSchema", () => {
  it("names the field that does not match metricType", () => {
    const issues = issuesOf({ metricType: "proportion", engine: "frequentist", variants: meanVariants });
    expect(issues).toContainEqual({ path: "variants.0.conversions", message: "must be the number of converted units, a whole number" });
  });

  it("rejects more conversions than units", () => {
    const issues = issuesOf({
      metricType: "proportion",
      engine: "frequentist",
      variants: [
        { name: "a", n: 10, conversions: 11 },
        { name: "b", n: 10, conversions: 1 },
      ],
    });
    expect(issues).toContainEqual({ path: "variants.0.conversions", message: "must be at most n, the number of units" });
  });

  it("names the accepted metric types", () => {
    expect(issuesOf({ metricType: "median", engine: "frequentist", variants: meanVariants })[0].path).toBe("metricType");
  });

  it("rejects one variant, bad alpha and mismatched weights", () => {
    expect(issuesOf({ metricType: "mean", engine: "frequentist", variants: meanVariants.slice(0, 1) })).toContainEqual({
      path: "variants",
      message: "must list at least 2 variants: the control first, then at least one treatment",
    });
    expect(issuesOf({ metricType: "mean", engine: "frequentist", alpha: 0.7, variants: meanVariants })[0].path).toBe("alpha");
    expect(issuesOf({ metricType: "mean", engine: "frequentist", weights: [1, 1], variants: meanVariants })).toContainEqual({
      path: "weights",
      message: "must have one weight per variant (3), in the same order",
    });
  });

  it("rejects options of the other engine", () => {
    expect(issuesOf({ metricType: "mean", engine: "bayesian", sequential: { tuning: 5000 }, variants: meanVariants })[0].path).toBe("sequential");
    expect(issuesOf({ metricType: "mean", engine: "frequentist", prior: { mean: 0, variance: 1 }, variants: meanVariants })[0].path).toBe("prior");
  });

  it("rejects duplicate names and unknown fields", () => {
    const duplicate = [meanVariants[0], { ...meanVariants[1], name: "control" }];
    expect(issuesOf({ metricType: "mean", engine: "frequentist", variants: duplicate })[0].message).toMatch(/"control" appears twice/);
    expect(issuesOf({ metricType: "mean", engine: "frequentist", variants: meanVariants, extra: 1 })[0].path).toBe("");
  });

  it("rejects a negative sum of squares and a fractional count", () => {
    const variants = [{ ...meanVariants[0], sumSquares: -1 }, { ...meanVariants[1], n: 2.5 }];
    const issues = issuesOf({ metricType: "mean", engine: "frequentist", variants });
    expect(issues).toContainEqual({ path: "variants.0.sumSquares", message: "must be 0 or more, since it is a sum of squares" });
    expect(issues).toContainEqual({ path: "variants.1.n", message: "must be a whole number of units" });
  });
});
