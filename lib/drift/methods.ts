// The stattests Keel offers, with Evidently's names, kinds and default thresholds. A p-value test finds
// drift when p <= threshold, a distance when the statistic >= threshold. Evidently decides some tests with
// a strict p < threshold and energy distance with a strict >; Keel uses the same non-strict rule for all.

import { andersonDarling } from "./anderson";
import { binNumerical, countSortedValues } from "./binning";
import { chiSquare, fisherExact, gTest, tvd, zTest } from "./categorical";
import { cramerVonMises } from "./cramer-von-mises";
import { energyDistance, wasserstein } from "./distances";
import { hellinger, jensenShannon, klDiv, psi } from "./divergences";
import { ks } from "./ks";
import { mannWhitney } from "./mann-whitney";
import { empiricalMmd } from "./mmd";
import { sortedCopy } from "./sort";
import { tTest } from "./t-test";
import type { FeatureType, StattestName } from "./names";
import type { DistanceResult, Frequencies, TestResult } from "./types";

export { FEATURE_TYPES, STATTEST_NAMES, type FeatureType, type StattestName } from "./names";

type Stattest = {
  kind: "p_value" | "distance";
  defaultThreshold: number;
  /** Whether the stattest also runs on categorical data; every stattest runs on numerical data. */
  categorical: boolean;
  /** Minimum number of non-null values in each sample. */
  minSampleSize: number;
  /** Minimum number of non-null values in the two samples together. */
  minTotalSize: number;
  /** Maximum number of distinct values in the two samples together. */
  maxDistinct: number;
};

const pValueTest = (defaultThreshold: number, categorical: boolean, limits: Partial<Stattest> = {}): Stattest => ({
  kind: "p_value",
  defaultThreshold,
  categorical,
  minSampleSize: 1,
  minTotalSize: 2,
  maxDistinct: Infinity,
  ...limits,
});
const distance = (categorical: boolean): Stattest => ({
  kind: "distance",
  defaultThreshold: 0.1,
  categorical,
  minSampleSize: 1,
  minTotalSize: 2,
  maxDistinct: Infinity,
});

export const STATTESTS: Record<StattestName, Stattest> = {
  ks: pValueTest(0.05, false),
  wasserstein: distance(false),
  psi: distance(true),
  jensenshannon: distance(true),
  kl_div: distance(true),
  hellinger: distance(true),
  ed: distance(false),
  t_test: pValueTest(0.05, false, { minSampleSize: 2 }),
  mannw: pValueTest(0.05, false),
  anderson: pValueTest(0.1, false, { minTotalSize: 4 }),
  cramer_von_mises: pValueTest(0.1, false, { minSampleSize: 2 }),
  empirical_mmd: pValueTest(0.1, false, { minSampleSize: 2 }),
  chisquare: pValueTest(0.05, true),
  z: pValueTest(0.05, true, { maxDistinct: 2 }),
  fisher_exact: pValueTest(0.1, true, { maxDistinct: 2 }),
  g_test: pValueTest(0.1, true),
  TVD: pValueTest(0.1, true),
};

/**
 * Chooses the stattest for a feature by Evidently's rule. With up to 1,000 reference values, numerical
 * data get z (at most 2 distinct values), chisquare (3 to 5) or ks, and categorical data get chisquare
 * (more than 2 distinct values) or z. Larger references get jensenshannon, except numerical data with
 * more than 5 distinct values, which get wasserstein. Distinct values are counted over both samples
 * without nulls.
 */
export function chooseStattest(type: FeatureType, referenceSize: number, distinctValues: number): StattestName {
  if (referenceSize <= 1000) {
    if (type === "categorical") return distinctValues > 2 ? "chisquare" : "z";
    if (distinctValues <= 2) return "z";
    return distinctValues <= 5 ? "chisquare" : "ks";
  }
  if (type === "categorical") return "jensenshannon";
  return distinctValues <= 5 ? "jensenshannon" : "wasserstein";
}

type FrequencyStattest = (frequencies: Frequencies) => TestResult | DistanceResult;

const FREQUENCY_STATTESTS: Partial<Record<StattestName, FrequencyStattest>> = {
  psi,
  jensenshannon: jensenShannon,
  kl_div: klDiv,
  hellinger,
  chisquare: chiSquare,
  z: zTest,
  fisher_exact: fisherExact,
  g_test: gTest,
  TVD: tvd,
};

const BINNED_STATTESTS = new Set<StattestName>(["psi", "jensenshannon", "kl_div", "hellinger"]);

/** Runs a stattest on numerical samples; categorical stattests treat each distinct value as a category. */
export function runNumerical(method: StattestName, reference: Float64Array, current: Float64Array): TestResult | DistanceResult {
  switch (method) {
    case "ks":
      return ks(reference, current);
    case "wasserstein":
      return wasserstein(reference, current);
    case "ed":
      return energyDistance(reference, current);
    case "t_test":
      return tTest(reference, current);
    case "mannw":
      return mannWhitney(reference, current);
    case "anderson":
      return andersonDarling(reference, current);
    case "cramer_von_mises":
      return cramerVonMises(reference, current);
    case "empirical_mmd":
      return empiricalMmd(reference, current);
  }

  const stattest = FREQUENCY_STATTESTS[method];
  if (!stattest) throw new Error(`No implementation for stattest ${method}`);
  if (BINNED_STATTESTS.has(method)) return stattest(binNumerical(reference, current));
  return stattest(countSortedValues(sortedCopy(reference), sortedCopy(current)));
}

/** Runs a categorical stattest on category counts. */
export function runCategorical(method: StattestName, frequencies: Frequencies): TestResult | DistanceResult {
  const stattest = FREQUENCY_STATTESTS[method];
  if (!stattest) throw new Error(`Stattest ${method} does not run on categorical data`);
  return stattest(frequencies);
}
