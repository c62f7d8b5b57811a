import { describe, expect, it } from "vitest";
import {
  benjaminiHochberg,
  compare,
  compareCuped,
  cupedTheta,
  holmBonferroni,
  meanMoments,
  proportionMoments,
  ratioMoments,
  requiredTotalUnits,
  srmTest,
  welchDf,
} from "..";
import { expectClose, expectTest, PRIORS, reference } from "./reference";

describe("mean metrics against SciPy", () => {
  for (const item of reference.means) {
    const control = meanMoments(item.control);
    const treatment = meanMoments(item.treatment);
    const alpha = item.alpha;

    it(`${item.name}: Welch absolute`, () => {
      expectClose(welchDf(control, treatment), item.df, 1e-9, "df");
      const result = compare(control, treatment, { engine: "frequentist", differenceType: "absolute", alpha });
      expect(result.status).toBe("ok");
      expectTest(result, item.absolute, "absolute");
    });

    it(`${item.name}: relative lift`, () => {
      expectTest(compare(control, treatment, { engine: "frequentist", differenceType: "relative", alpha }), item.relative, "relative");
    });

    it(`${item.name}: sequential`, () => {
      const relative = compare(control, treatment, { engine: "frequentist", alpha, sequential: { tuning: 5000 } });
      expectTest(relative, item.sequentialRelative, "sequential relative");
      const absolute = compare(control, treatment, {
        engine: "frequentist",
        differenceType: "absolute",
        alpha,
        sequential: { tuning: item.tuningAbsolute },
      });
      expectTest(absolute, item.sequentialAbsolute, "sequential absolute");
    });

    it(`${item.name}: Bayesian`, () => {
      expectTest(compare(control, treatment, { engine: "bayesian", alpha }), item.bayesianRelative, "bayesian relative");
      expectTest(compare(control, treatment, { engine: "bayesian", differenceType: "absolute", alpha }), item.bayesianAbsolute, "bayesian absolute");
      expectTest(compare(control, treatment, { engine: "bayesian", alpha, prior: PRIORS.relative }), item.bayesianRelativePrior, "bayesian prior");
    });
  }
});

describe("proportion metrics against SciPy", () => {
  for (const item of reference.proportions) {
    const control = proportionMoments(item.control);
    const treatment = proportionMoments(item.treatment);
    const alpha = item.alpha;

    it(`${item.name}: frequentist`, () => {
      expectTest(compare(control, treatment, { engine: "frequentist", differenceType: "absolute", alpha }), item.absolute, "absolute");
      expectTest(compare(control, treatment, { engine: "frequentist", alpha }), item.relative, "relative");
      expectTest(compare(control, treatment, { engine: "frequentist", alpha, sequential: { tuning: 5000 } }), item.sequentialRelative, "sequential");
    });

    it(`${item.name}: Bayesian`, () => {
      expectTest(compare(control, treatment, { engine: "bayesian", alpha }), item.bayesianRelative, "relative");
      expectTest(compare(control, treatment, { engine: "bayesian", differenceType: "absolute", alpha }), item.bayesianAbsolute, "absolute");
      const withPrior = compare(control, treatment, { engine: "bayesian", differenceType: "absolute", alpha, prior: PRIORS.absoluteProportion });
      expectTest(withPrior, item.bayesianAbsolutePrior, "prior");
    });
  }
});

describe("ratio metrics by the delta method", () => {
  for (const item of reference.ratios) {
    it(`matches NumPy with ${item.stats.n} units`, () => {
      const moments = ratioMoments(item.stats);
      expectClose(moments.mean, item.mean, 1e-12, "mean");
      expectClose(moments.variance, item.variance, 1e-9, "variance");
    });
  }
});

describe("CUPED against Welch on adjusted values", () => {
  for (const item of reference.cuped) {
    const label = `${item.control.n} vs ${item.treatment.n}`;

    it(`${label}: theta and tests`, () => {
      expectClose(cupedTheta([item.control, item.treatment]), item.theta, 1e-9, "theta");
      const [absolute] = compareCuped([item.control, item.treatment], { engine: "frequentist", differenceType: "absolute", alpha: item.alpha });
      expectTest(absolute, item.absolute, "absolute", 1e-8);
      const [relative] = compareCuped([item.control, item.treatment], { engine: "frequentist", differenceType: "relative", alpha: item.alpha });
      expectTest(relative, item.relative, "relative", 1e-8);
    });

    it(`${label}: narrower than unadjusted`, () => {
      const [absolute] = compareCuped([item.control, item.treatment], { engine: "frequentist", differenceType: "absolute", alpha: item.alpha });
      const plain = compare(meanMoments(item.control), meanMoments(item.treatment), { engine: "frequentist", differenceType: "absolute", alpha: item.alpha });
      expect(absolute.ci[1] - absolute.ci[0]).toBeLessThan(plain.ci[1] - plain.ci[0]);
    });
  }
});

describe("sample ratio mismatch against scipy.stats.chisquare", () => {
  for (const item of reference.srm) {
    it(`counts ${item.counts.join(", ")}`, () => {
      const result = srmTest(item.counts, item.weights ?? undefined);
      expectClose(result.pValue, item.pValue, 1e-9, "p-value");
      expect(result.mismatch).toBe(item.pValue < 0.001);
    });
  }
});

describe("multiple testing against statsmodels", () => {
  for (const item of reference.multipleTesting) {
    it(`p-values ${item.pValues.join(", ")}`, () => {
      holmBonferroni(item.pValues).forEach((value, index) => expectClose(value, item.holm[index], 1e-12, `holm ${index}`));
      benjaminiHochberg(item.pValues).forEach((value, index) => expectClose(value, item.benjaminiHochberg[index], 1e-12, `bh ${index}`));
    });
  }
});

describe("sample size against statsmodels", () => {
  for (const item of reference.power) {
    it(`${item.request.metricType} mde ${item.request.mde} weights ${item.request.weights?.join(":")}`, () => {
      expectClose(requiredTotalUnits(item.request), item.totalUnits, 1e-7, "total units");
    });
  }
});
