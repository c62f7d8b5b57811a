// Stattests on summaries instead of raw values, returning what compareDistributions returns. How each is
// computed from a summary:
// - ks: statistic from the piecewise-linear CDFs (./cdf.ts); p-value from the asymptotic distribution
//   that SciPy's ks_2samp uses above 10,000 values, kstwo.sf(D, round(n1 n2 / (n1 + n2))), at any size;
// - wasserstein, ed: integrals over the same CDFs, wasserstein normed by the reference's population
//   standard deviation from its exact moments;
// - t_test: Welch's test from the exact counts, means and variances;
// - psi, jensenshannon, kl_div, hellinger on numerical data: on the bins binNumerical would use, with
//   counts read off the CDFs;
// - chisquare, z, fisher_exact, g_test, TVD on numerical data: only when both summaries know every value
//   (one value per bin), which is then exact;
// - every categorical stattest: on the category counts, exact unless a summary counted some categories
//   as "other", which then is one more category on each side, holding as well the categories that the
//   side with "other" does not name. Unseen categories are those the reference does not name, listed only
//   when the reference has no "other" count, since otherwise they may be counted there;
// - mannw, anderson, cramer_von_mises and empirical_mmd need the values themselves and are not offered.
// The stattest is chosen by Evidently's rule (chooseStattest) from the reference's count and the distinct
// values of both summaries, which for numerical data is a lower bound unless both know every value.

import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { KeelError, type FieldIssue } from "../../errors";
import { decideDrift, type CompareResult } from "../compare";
import { psi, jensenShannon, klDiv, hellinger } from "../divergences";
import { kolmogorovSf } from "../kolmogorov";
import { chooseStattest, runCategorical, STATTESTS, type FeatureType, type StattestName } from "../methods";
import { clamp, roundHalfEven } from "../numeric";
import type { DistanceResult, Frequencies, TestResult } from "../types";
import { binnedFrequencies, cdfDistanceFromSummaries, distinctValues, exactValues, ksStatisticFromSummaries, valueFrequencies } from "./cdf";
import type { CategoricalSummary, ColumnSummary, NumericalSummary } from "./types";

export type CompareSummariesOptions = {
  /** Chosen by Evidently's rule when absent. */
  method?: StattestName;
  /** The stattest's default when absent. */
  threshold?: number;
};

/** Stattests that need the values themselves, and what to use instead. */
const NOT_FROM_SUMMARIES = new Set<StattestName>(["mannw", "anderson", "cramer_von_mises", "empirical_mmd"]);
const NUMERICAL_FROM_SUMMARIES = "ks, wasserstein, ed, t_test, psi, jensenshannon, kl_div or hellinger";
const BINNED_DIVERGENCES: Partial<Record<StattestName, (frequencies: Frequencies) => DistanceResult>> = {
  psi,
  jensenshannon: jensenShannon,
  kl_div: klDiv,
  hellinger,
};
const MIN_NORM = 0.001;

/**
 * Compares a column's reference and current summaries with a stattest and decides whether it drifted.
 * Throws KeelError "unprocessable" when the stattest cannot run on these summaries.
 */
export function compareSummaries(reference: ColumnSummary, current: ColumnSummary, options: CompareSummariesOptions = {}): CompareResult {
  checkNotEmpty(reference, "reference");
  checkNotEmpty(current, "current");
  const threshold = checkedThreshold(options.threshold);
  const nullShare = { reference: shareOfNulls(reference), current: shareOfNulls(current) };

  if (reference.type === "numerical" && current.type === "numerical") {
    const distinct = distinctValues(reference, current);
    const method = options.method ?? chooseStattest("numerical", reference.count, distinct.count);
    checkSizes(method, reference.count, current.count, distinct);

    const result = runNumerical(method, reference, current);
    return decideDrift(method, "numerical", result, threshold, nullShare, []);
  }
  if (reference.type === "categorical" && current.type === "categorical") {
    const frequencies = categoryFrequencies(reference, current);
    const method = options.method ?? chooseStattest("categorical", reference.count, frequencies.categories.length);
    if (!STATTESTS[method].categorical) {
      throw unprocessable("method", `${method} needs numerical data; for categorical data use psi, jensenshannon, kl_div, hellinger, chisquare, z, fisher_exact, g_test or TVD`);
    }
    checkSizes(method, reference.count, current.count, { count: frequencies.categories.length, exact: true });

    const unseenCategories =
      reference.otherCount > 0 ? [] : [...current.categories.keys()].filter((category) => !reference.categories.has(category)).sort();
    return decideDrift(method, "categorical", runCategorical(method, frequencies), threshold, nullShare, unseenCategories);
  }
  throw unprocessable("current", `is ${current.type} but the reference is ${reference.type}; summarize both sides with the same column type`);
}

function runNumerical(method: StattestName, reference: NumericalSummary, current: NumericalSummary): TestResult | DistanceResult {
  if (NOT_FROM_SUMMARIES.has(method)) {
    throw unprocessable("method", `${method} needs every raw value and cannot be computed from summaries; use ${NUMERICAL_FROM_SUMMARIES}, or compareDistributions on the raw values`);
  }

  switch (method) {
    case "ks":
      return ksFromSummaries(reference, current);
    case "wasserstein": {
      const norm = Math.max(Math.sqrt(reference.m2 / reference.count), MIN_NORM);
      return { statistic: cdfDistanceFromSummaries(reference, current, 1) / norm, pValue: null };
    }
    case "ed":
      return { statistic: Math.SQRT2 * Math.sqrt(cdfDistanceFromSummaries(reference, current, 2)), pValue: null };
    case "t_test":
      return welchFromMoments(reference, current);
  }

  const divergence = BINNED_DIVERGENCES[method];
  if (divergence) return divergence(binnedFrequencies(reference, current));

  const referenceValues = exactValues(reference);
  const currentValues = exactValues(current);
  if (!referenceValues || !currentValues) {
    throw unprocessable("method", `${method} on numerical data needs every distinct value, but these summaries hold bins of several values; use ${NUMERICAL_FROM_SUMMARIES}`);
  }
  return runCategorical(method, valueFrequencies(referenceValues, currentValues));
}

function ksFromSummaries(reference: NumericalSummary, current: NumericalSummary): TestResult {
  const statistic = ksStatisticFromSummaries(reference, current);
  const larger = Math.max(reference.count, current.count);
  const smaller = Math.min(reference.count, current.count);
  const effectiveSize = roundHalfEven((larger * smaller) / (larger + smaller));
  return { statistic, pValue: clamp(kolmogorovSf(effectiveSize, statistic), 0, 1) };
}

/** Welch's t-test as ../t-test.ts computes it, from counts, means and sums of squared deviations. */
function welchFromMoments(reference: NumericalSummary, current: NumericalSummary): TestResult {
  const n1 = reference.count;
  const n2 = current.count;
  const difference = reference.mean - current.mean;
  const share1 = reference.m2 / (n1 - 1) / n1;
  const share2 = current.m2 / (n2 - 1) / n2;
  const standardError = Math.sqrt(share1 + share2);
  if (standardError === 0) {
    if (difference === 0) return { statistic: 0, pValue: 1 };
    return { statistic: difference > 0 ? Infinity : -Infinity, pValue: 0 };
  }

  const statistic = difference / standardError;
  const degreesOfFreedom = (share1 + share2) ** 2 / (share1 ** 2 / (n1 - 1) + share2 ** 2 / (n2 - 1));
  return { statistic, pValue: Math.min(1, 2 * tCdf(-Math.abs(statistic), degreesOfFreedom)) };
}

/**
 * Returns counts per category in ascending order (UTF-16 code units, as countCategories), then one
 * bucket for "other" (category null) when either summary counted values there. A category that one side
 * does not name while that side has an "other" count may be hidden in it, so the other side's count for it
 * moves to "other" as well: a reference profile that names its 50 most frequent airports is then compared
 * with the current window on those 50 and the rest, instead of calling every other airport new.
 */
function categoryFrequencies(reference: CategoricalSummary, current: CategoricalSummary): Frequencies & { categories: (string | null)[] } {
  const names: string[] = [];
  let referenceOther = reference.otherCount;
  let currentOther = current.otherCount;
  for (const name of new Set([...reference.categories.keys(), ...current.categories.keys()])) {
    const hiddenInReference = reference.otherCount > 0 && !reference.categories.has(name);
    const hiddenInCurrent = current.otherCount > 0 && !current.categories.has(name);
    if (hiddenInReference || hiddenInCurrent) {
      referenceOther += reference.categories.get(name) ?? 0;
      currentOther += current.categories.get(name) ?? 0;
    } else {
      names.push(name);
    }
  }
  names.sort();

  const categories: (string | null)[] = [...names];
  const referenceCounts = names.map((name) => reference.categories.get(name) ?? 0);
  const currentCounts = names.map((name) => current.categories.get(name) ?? 0);
  if (referenceOther > 0 || currentOther > 0) {
    categories.push(null);
    referenceCounts.push(referenceOther);
    currentCounts.push(currentOther);
  }
  return { categories, reference: Float64Array.from(referenceCounts), current: Float64Array.from(currentCounts) };
}

function shareOfNulls(summary: ColumnSummary): number {
  const mismatched = summary.type === "numerical" ? summary.mismatchedCount : 0;
  const size = summary.count + summary.nullCount + mismatched;
  return size === 0 ? 0 : summary.nullCount / size;
}

function checkNotEmpty(summary: ColumnSummary, side: "reference" | "current"): void {
  if (summary.count > 0) return;
  if (summary.nullCount > 0) throw unprocessable(side, "has only null values; summarize a window or sample with at least one value");
  throw unprocessable(side, "must not be empty");
}

function checkedThreshold(threshold: number | undefined): number | undefined {
  if (threshold === undefined) return undefined;
  if (!Number.isFinite(threshold) || threshold < 0) throw unprocessable("threshold", "must be a finite number of at least 0");
  return threshold;
}

function checkSizes(method: StattestName, referenceSize: number, currentSize: number, distinct: { count: number; exact: boolean }): void {
  const { minSampleSize, minTotalSize, maxDistinct } = STATTESTS[method];
  if (referenceSize < minSampleSize || currentSize < minSampleSize) {
    throw unprocessable("method", `${method} needs at least ${minSampleSize} non-null values in each sample`);
  }
  if (referenceSize + currentSize < minTotalSize) {
    throw unprocessable("method", `${method} needs at least ${minTotalSize} non-null values in the two samples together`);
  }
  if (maxDistinct !== Infinity && (!distinct.exact || distinct.count > maxDistinct)) {
    const found = distinct.exact ? `${distinct.count}` : `at least ${distinct.count}`;
    throw unprocessable("method", `${method} needs binary data, but the samples have ${found} distinct values; use chisquare instead`);
  }
}

function unprocessable(path: string, message: string): KeelError {
  const issue: FieldIssue = { path, message };
  return new KeelError("unprocessable", `Cannot compare the summaries: ${path} ${message}.`, [issue]);
}
