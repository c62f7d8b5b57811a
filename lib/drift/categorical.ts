// Tests on category counts (see ./binning.ts), following Evidently's categorical stattests:
// - `chiSquare` (chisquare_stattest.py): `scipy.stats.chisquare(current counts, expected)` where expected
//   = reference counts scaled to the current sample size, so a category the reference never saw makes the
//   statistic infinite and the p-value 0;
// - `gTest` (g_stattest.py): the same comparison as `scipy.stats.power_divergence(...,
//   lambda_="log-likelihood")`;
// - `zTest` (z_stattest.py): the pooled two-proportion z-test for binary data, the proportion being that
//   of the later category in sorted order, two-sided;
// - `fisherExact` (fisher_exact_stattest.py): `scipy.stats.fisher_exact` on the 2x2 table with rows
//   (current, reference) and columns (later category, earlier category), two-sided;
// - `tvd` (tvd_stattest.py): the total variation distance with a p-value from 1,000 random relabelings of
//   the pooled sample, the share whose distance is at least the observed one.
// With a single category in both samples, where SciPy returns NaN, chiSquare and gTest return statistic 0
// and p-value 1.

import gammainc from "@stdlib/math-base-special-gammainc";
import hypergeometricPmf from "@stdlib/stats-base-dists-hypergeometric-pmf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { totalVariationDistance } from "./divergences";
import { clamp } from "./numeric";
import { createUniform, logFactorials, PERMUTATION_SEED, sampleHypergeometric } from "./random";
import type { Frequencies, TestResult } from "./types";

const TVD_PERMUTATIONS = 1_000;
// SciPy's fisher_exact counts a table as extreme when its probability is at most that of the observed
// table times (1 + 1e-14). Keel's probabilities come from ratios of neighbours, which carry more rounding
// than SciPy's, so it uses the wider tolerance 1e-7.
const FISHER_RELATIVE_TOLERANCE = 1e-7;

/** Runs Pearson's chi-square goodness-of-fit test of the current counts against the reference shares. */
export function chiSquare(frequencies: Frequencies): TestResult {
  return goodnessOfFit(frequencies, (observed, expected) => (observed - expected) ** 2 / expected);
}

/** Runs the G-test (log-likelihood ratio) form of the same goodness-of-fit comparison. */
export function gTest(frequencies: Frequencies): TestResult {
  return goodnessOfFit(frequencies, (observed, expected) => (observed === 0 ? 0 : 2 * observed * Math.log(observed / expected)));
}

function goodnessOfFit(frequencies: Frequencies, term: (observed: number, expected: number) => number): TestResult {
  const { reference, current } = frequencies;
  const categoryCount = reference.length;
  if (categoryCount < 2) return { statistic: 0, pValue: 1 };

  const scale = total(current) / total(reference);
  let statistic = 0;
  for (let i = 0; i < categoryCount; i++) statistic += term(current[i], reference[i] * scale);

  // The chi-square survival function with k - 1 degrees of freedom, as the upper regularized incomplete
  // gamma function, which keeps precision for tiny p-values.
  const pValue = statistic === Infinity ? 0 : gammainc(statistic / 2, (categoryCount - 1) / 2, true, true);
  return { statistic, pValue };
}

/** Runs the two-proportion z-test on data with at most 2 categories. */
export function zTest(frequencies: Frequencies): TestResult {
  const { reference, current } = frequencies;
  if (reference.length > 2) throw new RangeError("z needs binary data (at most 2 categories)");
  if (reference.length < 2) return { statistic: 0, pValue: 1 };

  const n1 = total(reference);
  const n2 = total(current);
  const p1 = reference[1] / n1;
  const p2 = current[1] / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: clamp(2 * normalCdf(-Math.abs(statistic), 0, 1), 0, 1) };
}

/**
 * Runs Fisher's exact test on data with at most 2 categories. The statistic is the sample odds ratio,
 * infinite when a cell it divides by is 0, and 1 when a category is missing from both samples (where SciPy
 * returns NaN).
 */
export function fisherExact(frequencies: Frequencies): TestResult {
  const { reference, current } = frequencies;
  if (reference.length > 2) throw new RangeError("fisher_exact needs binary data (at most 2 categories)");
  if (reference.length < 2) return { statistic: 1, pValue: 1 };

  const [c00, c01, c10, c11] = [current[1], current[0], reference[1], reference[0]];
  const statistic = c10 > 0 && c01 > 0 ? (c00 * c11) / (c10 * c01) : Infinity;
  return { statistic, pValue: fisherTwoSided(c00, c00 + c01, c10 + c11, c00 + c10) };
}

/**
 * Sums the hypergeometric probabilities of all tables with the same margins that are at most as likely
 * as the observed one. Probabilities fall away from the mode on both sides, so the walk from the mode
 * outwards adds each side's tail once it drops below the observed probability, and stops once the
 * remaining terms are negligible.
 */
function fisherTwoSided(observed: number, rowTotal: number, otherRowTotal: number, columnTotal: number): number {
  const population = rowTotal + otherRowTotal;
  const low = Math.max(0, columnTotal - otherRowTotal);
  const high = Math.min(columnTotal, rowTotal);
  const pmf = (x: number) => hypergeometricPmf(x, population, rowTotal, columnTotal);
  const mode = Math.min(high, Math.max(low, Math.floor(((columnTotal + 1) * (rowTotal + 1)) / (population + 2))));

  const observedProbability = pmf(observed);
  const modeProbability = pmf(mode);
  if (Math.abs(observedProbability - modeProbability) / Math.max(observedProbability, modeProbability) <= 1e-14) return 1;

  const limit = observedProbability * (1 + FISHER_RELATIVE_TOLERANCE);
  let pValue = modeProbability <= limit ? modeProbability : 0;
  for (const direction of [1, -1]) {
    let x = mode;
    let probability = modeProbability;
    while (direction > 0 ? x < high : x > low) {
      probability *=
        direction > 0
          ? ((rowTotal - x) * (columnTotal - x)) / ((x + 1) * (otherRowTotal - columnTotal + x + 1))
          : (x * (otherRowTotal - columnTotal + x)) / ((rowTotal - x + 1) * (columnTotal - x + 1));
      x += direction;
      if (probability <= limit) pValue += probability;
      if (probability < limit * 1e-17 || probability === 0) break;
    }
  }
  return Math.min(pValue, 1);
}

/**
 * Computes the total variation distance with Evidently's permutation p-value, seeded for reproducibility.
 * NOTE: the p-value needs 1,000 hypergeometric draws per category, so its time grows with the number of
 * categories: with 1,000,000 values per sample on a loaded 2-core machine, about 1 s for 10 categories,
 * 9 s for 10,000 and 26 s for 100,000.
 */
export function tvd(frequencies: Frequencies): TestResult {
  const { reference, current } = frequencies;
  const statistic = totalVariationDistance(reference, current);
  const referenceSize = total(reference);
  const pooled = reference.map((count, i) => count + current[i]);
  const pooledSize = total(pooled);

  // A random relabeling of the pooled sample gives the reference a multivariate hypergeometric draw of
  // each category's pooled count, drawn here one category at a time.
  const uniform = createUniform(PERMUTATION_SEED);
  const logFactorial = logFactorials(pooledSize);
  const permutedReference = new Float64Array(pooled.length);
  const permutedCurrent = new Float64Array(pooled.length);
  let atLeastObserved = 0;
  for (let round = 0; round < TVD_PERMUTATIONS; round++) {
    let remainingPopulation = pooledSize;
    let remainingDraws = referenceSize;
    for (let i = 0; i < pooled.length; i++) {
      const drawn = sampleHypergeometric(uniform, logFactorial, remainingPopulation, pooled[i], remainingDraws);
      permutedReference[i] = drawn;
      permutedCurrent[i] = pooled[i] - drawn;
      remainingPopulation -= pooled[i];
      remainingDraws -= drawn;
    }
    if (statistic <= totalVariationDistance(permutedReference, permutedCurrent)) atLeastObserved++;
  }
  return { statistic, pValue: atLeastObserved / TVD_PERMUTATIONS };
}

function total(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}
