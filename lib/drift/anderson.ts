// k-sample Anderson-Darling test for two samples, as SciPy 1.17's `scipy.stats.anderson_ksamp([reference,
// current])` with the defaults that Evidently's `anderson` uses. The statistic is the midrank A2akN of
// Scholz and Stephens, "K-Sample Anderson-Darling Tests", JASA 82(399), 1987 (their equation 7),
// standardized by its mean k - 1 and variance under the null. The p-value is read from their table of
// critical values by a quadratic fit of log(significance level) against the critical values. That table covers only levels
// 0.25 down to 0.001, so like SciPy the p-value is capped at 0.25 and floored at 0.001.

import { CompensatedSum } from "./numeric";
import { sortedCopy } from "./sort";
import type { TestResult } from "./types";

// Table 2 of Scholz and Stephens: critical value = b0 + b1 / sqrt(m) + b2 / m for m = k - 1 samples.
const SIGNIFICANCE_LEVELS = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SAMPLE_COUNT = 2;

/**
 * Runs the Anderson-Darling test of two samples, which together need at least 4 values. The statistic is the
 * standardized A2 that SciPy reports. When every value is the same, where SciPy raises an error, Keel
 * returns statistic 0 and the capped p-value 0.25.
 */
export function andersonDarling(reference: Float64Array, current: Float64Array): TestResult {
  const samples = [sortedCopy(reference), sortedCopy(current)];
  const sizes = samples.map((sample) => sample.length);
  const total = sizes[0] + sizes[1];
  if (total < 4) throw new RangeError("anderson needs at least 4 values in the two samples together");

  const statistic = midrankStatistic(samples[0], samples[1]);
  if (statistic === null) return { statistic: 0, pValue: SIGNIFICANCE_LEVELS[0] };

  const standardized = (statistic - (SAMPLE_COUNT - 1)) / Math.sqrt(nullVariance(sizes, total));
  return { statistic: standardized, pValue: pValueFromTable(standardized) };
}

/** A2akN, or null when the pooled sample has fewer than 2 distinct values. */
function midrankStatistic(a: Float64Array, b: Float64Array): number | null {
  const total = a.length + b.length;
  const sums = [new CompensatedSum(), new CompensatedSum()];
  let i = 0;
  let j = 0;
  let below = 0;
  let distinct = 0;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    const startI = i;
    const startJ = j;
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    distinct++;

    // Scholz and Stephens' l_j (ties at this value), B_aj and M_aij at the midpoint of the tie group.
    const tied = i - startI + (j - startJ);
    const pooledMidpoint = below + tied / 2;
    const denominator = pooledMidpoint * (total - pooledMidpoint) - (total * tied) / 4;
    const midpoints = [i - (i - startI) / 2, j - (j - startJ) / 2];
    for (let sample = 0; sample < 2; sample++) {
      const size = sample === 0 ? a.length : b.length;
      const deviation = total * midpoints[sample] - pooledMidpoint * size;
      sums[sample].add(((tied / total) * deviation * deviation) / denominator);
    }
    below += tied;
  }
  if (distinct < 2) return null;

  const statistic = sums[0].value() / a.length + sums[1].value() / b.length;
  return (statistic * (total - 1)) / total;
}

/** Variance of A2akN under the null hypothesis (Scholz and Stephens, equation 4). */
function nullVariance(sizes: number[], total: number): number {
  const k = SAMPLE_COUNT;
  const H = sizes.reduce((sum, size) => sum + 1 / size, 0);

  // h = sum of 1/i for i < N; g = sum over i < j < N of 1 / ((N - i) j), from cumulative sums as SciPy.
  let cumulative = 0;
  const g = new CompensatedSum();
  for (let index = 0; index < total - 2; index++) {
    cumulative += 1 / (total - 1 - index);
    g.add(cumulative / (index + 2));
  }
  const h = cumulative + 1;
  const gValue = g.value();

  const a = (4 * gValue - 6) * (k - 1) + (10 - 6 * gValue) * H;
  const b = (2 * gValue - 4) * k ** 2 + 8 * h * k + (2 * gValue - 14 * h - 4) * H - 8 * h + 4 * gValue - 6;
  const c = (6 * h + 2 * gValue - 2) * k ** 2 + (4 * h - 4 * gValue + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  return (a * total ** 3 + b * total ** 2 + c * total + d) / ((total - 1) * (total - 2) * (total - 3));
}

function pValueFromTable(standardized: number): number {
  const m = SAMPLE_COUNT - 1;
  const critical = B0.map((b0, index) => b0 + B1[index] / Math.sqrt(m) + B2[index] / m);
  if (standardized < Math.min(...critical)) return Math.max(...SIGNIFICANCE_LEVELS);
  if (standardized > Math.max(...critical)) return Math.min(...SIGNIFICANCE_LEVELS);

  const [c2, c1, c0] = fitQuadratic(critical, SIGNIFICANCE_LEVELS.map(Math.log));
  return Math.exp((c2 * standardized + c1) * standardized + c0);
}

/** Fits y = c2 x^2 + c1 x + c0 by least squares and returns [c2, c1, c0], as NumPy's `polyfit(x, y, 2)`. */
export function fitQuadratic(x: number[], y: number[]): [number, number, number] {
  // Normal equations in powers of x, solved by Gaussian elimination with partial pivoting.
  const moments = [0, 0, 0, 0, 0];
  const rightSide = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    for (let power = 0; power <= 4; power++) moments[power] += x[i] ** power;
    for (let power = 0; power <= 2; power++) rightSide[power] += y[i] * x[i] ** power;
  }
  // Rows and columns ordered c2, c1, c0: entry (r, c) is the sum of x^(4 - r - c).
  const matrix = [0, 1, 2].map((row) => [0, 1, 2].map((column) => moments[4 - row - column]));
  const vector = [rightSide[2], rightSide[1], rightSide[0]];

  for (let pivot = 0; pivot < 3; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < 3; row++) if (Math.abs(matrix[row][pivot]) > Math.abs(matrix[best][pivot])) best = row;
    [matrix[pivot], matrix[best]] = [matrix[best], matrix[pivot]];
    [vector[pivot], vector[best]] = [vector[best], vector[pivot]];
    for (let row = pivot + 1; row < 3; row++) {
      const factor = matrix[row][pivot] / matrix[pivot][pivot];
      for (let column = pivot; column < 3; column++) matrix[row][column] -= factor * matrix[pivot][column];
      vector[row] -= factor * vector[pivot];
    }
  }
  const solution = [0, 0, 0];
  for (let row = 2; row >= 0; row--) {
    let sum = vector[row];
    for (let column = row + 1; column < 3; column++) sum -= matrix[row][column] * solution[column];
    solution[row] = sum / matrix[row][row];
  }
  return [solution[0], solution[1], solution[2]];
}
