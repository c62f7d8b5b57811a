import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benjaminiHochberg, compare, holmBonferroni, meanMoments, proportionMoments, requiredSampleSize, srmTest, type CompareOptions } from "..";

const SETTINGS = { seed: 20261205, numRuns: 300 };

const arm = fc
  .record({
    n: fc.integer({ min: 0, max: 100_000 }),
    mean: fc.double({ min: -1000, max: 1000, noNaN: true }),
    sd: fc.double({ min: 0, max: 500, noNaN: true }),
  })
  .map(({ n, mean, sd }) => meanMoments({ n, sum: n * mean, sumSquares: n * (sd * sd + mean * mean) }));

const proportionArm = fc
  .integer({ min: 0, max: 50_000 })
  .chain((n) => fc.integer({ min: 0, max: n }).map((conversions) => proportionMoments({ n, conversions })));

const options = fc.record({
  engine: fc.constantFrom("frequentist" as const, "bayesian" as const),
  differenceType: fc.constantFrom("relative" as const, "absolute" as const),
  alpha: fc.double({ min: 0.001, max: 0.3, noNaN: true }),
  sequential: fc.option(fc.record({ tuning: fc.integer({ min: 1, max: 1_000_000 }) }), { nil: undefined }),
}).map((value): CompareOptions => (value.engine === "bayesian" ? { ...value, sequential: undefined } : value));

describe("comparison properties", () => {
  it("interval contains the estimate and values stay in range", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(arm, arm), fc.tuple(proportionArm, proportionArm)), options, ([control, treatment], settings) => {
        const result = compare(control, treatment, settings);
        for (const value of [result.estimate, ...result.ci]) expect(Number.isFinite(value)).toBe(true);
        expect(result.ci[0]).toBeLessThanOrEqual(result.estimate);
        expect(result.ci[1]).toBeGreaterThanOrEqual(result.estimate);
        if (result.pValue !== undefined) {
          expect(result.pValue).toBeGreaterThanOrEqual(0);
          expect(result.pValue).toBeLessThanOrEqual(1);
        }
        if (result.chanceToWin !== undefined) {
          expect(result.chanceToWin).toBeGreaterThanOrEqual(0);
          expect(result.chanceToWin).toBeLessThanOrEqual(1);
          expect(result.risk).toBeGreaterThanOrEqual(0);
        }
      }),
      SETTINGS,
    );
  });

  it("p-value below alpha exactly when the interval excludes 0", () => {
    fc.assert(
      fc.property(arm, arm, options, (control, treatment, settings) => {
        if (settings.engine !== "frequentist") return;
        const result = compare(control, treatment, settings);
        if (result.status !== "ok") return;
        const excludesZero = result.ci[0] > 0 || result.ci[1] < 0;
        // Skip draws within rounding of the boundary, where either outcome is correct.
        if (Math.abs(result.pValue! - settings.alpha!) < 1e-9) return;
        expect(result.pValue! < settings.alpha!).toBe(excludesZero);
      }),
      SETTINGS,
    );
  });

  it("swapping arms mirrors the absolute difference", () => {
    fc.assert(
      fc.property(arm, arm, options, (control, treatment, settings) => {
        const absolute = { ...settings, differenceType: "absolute" as const };
        const forward = compare(control, treatment, absolute);
        const backward = compare(treatment, control, absolute);
        expect(backward.status).toBe(forward.status);
        if (forward.status !== "ok") return;

        const scale = Math.abs(forward.ci[1] - forward.ci[0]) + Math.abs(forward.estimate);
        expect(Math.abs(backward.estimate + forward.estimate)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(backward.ci[0] + forward.ci[1])).toBeLessThanOrEqual(1e-9 * scale);
        if (forward.pValue !== undefined) expect(backward.pValue).toBeCloseTo(forward.pValue, 9);
        if (forward.chanceToWin !== undefined) expect(backward.chanceToWin).toBeCloseTo(1 - forward.chanceToWin, 9);
      }),
      SETTINGS,
    );
  });

  it("identical arms show no effect", () => {
    fc.assert(
      fc.property(arm, options, (moments, settings) => {
        const result = compare(moments, moments, settings);
        if (result.status !== "ok") return;
        expect(Math.abs(result.estimate)).toBe(0);
        if (result.pValue !== undefined) expect(result.pValue).toBe(1);
        if (result.chanceToWin !== undefined) expect(result.chanceToWin).toBeCloseTo(0.5, 12);
      }),
      SETTINGS,
    );
  });

  it("sequential interval is wider than the fixed one", () => {
    fc.assert(
      fc.property(arm, arm, fc.integer({ min: 1, max: 1_000_000 }), (control, treatment, tuning) => {
        const fixed = compare(control, treatment, { engine: "frequentist", differenceType: "absolute" });
        const sequential = compare(control, treatment, { engine: "frequentist", differenceType: "absolute", sequential: { tuning } });
        if (fixed.status !== "ok" || control.n + treatment.n < 100) return;
        expect(sequential.ci[1] - sequential.ci[0]).toBeGreaterThan(fixed.ci[1] - fixed.ci[0]);
      }),
      SETTINGS,
    );
  });
});

describe("multiple testing properties", () => {
  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 });

  it("adjusted p-values are bounded and ordered", () => {
    fc.assert(
      fc.property(pValues, (raw) => {
        const holm = holmBonferroni(raw);
        const bh = benjaminiHochberg(raw);
        raw.forEach((p, index) => {
          expect(holm[index]).toBeGreaterThanOrEqual(p);
          expect(holm[index]).toBeLessThanOrEqual(1);
          expect(bh[index]).toBeGreaterThanOrEqual(p);
          expect(bh[index]).toBeLessThanOrEqual(holm[index]);
        });
        raw.forEach((p, i) => raw.forEach((q, j) => {
          if (p < q) expect(holm[i]).toBeLessThanOrEqual(holm[j]);
        }));
      }),
      SETTINGS,
    );
  });
});

describe("srm and power properties", () => {
  it("srm p-value is a probability", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 2, maxLength: 8 }), (counts) => {
        const { pValue } = srmTest(counts);
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
      }),
      SETTINGS,
    );
  });

  it("more power or a smaller effect needs more units", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.5, max: 0.95, noNaN: true }),
        (rate, mde, power) => {
          const base = { metricType: "proportion" as const, baselineRate: rate, mde, power };
          const plan = requiredSampleSize(base);
          expect(plan.total).toBe(plan.perVariant.reduce((sum, units) => sum + units, 0));
          expect(requiredSampleSize({ ...base, power: power + 0.04 }).total).toBeGreaterThanOrEqual(plan.total);
          expect(requiredSampleSize({ ...base, mde: mde / 2 }).total).toBeGreaterThanOrEqual(plan.total);
        },
      ),
      SETTINGS,
    );
  });
});
