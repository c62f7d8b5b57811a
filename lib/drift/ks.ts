// Two-sample Kolmogorov-Smirnov test, two-sided, as SciPy 1.17's `scipy.stats.ks_2samp(method="auto")`:
// the exact p-value when both samples have at most 10,000 values, else the asymptotic one from the
// distribution of the one-sample statistic for n = round(n1 n2 / (n1 + n2)) (see ./kolmogorov.ts).
// The exact p-value counts lattice paths as Hodges (1958) describes: for equal sizes by the closed-form
// alternating sum, otherwise by the inside-method recursion rewritten by Viehmann (2021, arXiv:2102.08037)
// to produce 1 - P directly. Like SciPy, the exact branch reports the statistic rounded to h / lcm(n1, n2).

import { kolmogorovSf } from "./kolmogorov";
import { clamp, gcd, roundHalfEven } from "./numeric";
import { sortedCopy } from "./sort";
import type { TestResult } from "./types";

const EXACT_MAX_SIZE = 10_000;

/** Runs the Kolmogorov-Smirnov test, whose statistic is the largest distance between the two ECDFs. */
export function ks(reference: Float64Array, current: Float64Array): TestResult {
  return ksSorted(sortedCopy(reference), sortedCopy(current));
}

/** Runs the same test on samples already sorted ascending. */
export function ksSorted(reference: Float64Array, current: Float64Array): TestResult {
  const n1 = reference.length;
  const n2 = current.length;
  const statistic = ksStatistic(reference, current);

  if (Math.max(n1, n2) <= EXACT_MAX_SIZE) {
    const divisor = gcd(n1, n2);
    const lcm = (n1 / divisor) * n2;
    const h = roundHalfEven(statistic * lcm);
    if (h === 0) return { statistic: 0, pValue: 1 };

    const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, divisor, h);
    if (pValue >= 0 && pValue <= 1) return { statistic: h / lcm, pValue };
  }

  const larger = Math.max(n1, n2);
  const smaller = Math.min(n1, n2);
  const effectiveSize = roundHalfEven((larger * smaller) / (larger + smaller));
  return { statistic, pValue: clamp(kolmogorovSf(effectiveSize, statistic), 0, 1) };
}

/**
 * Returns max |F1(x) - F2(x)| over every observed x, with each ECDF evaluated as count / size the way
 * SciPy does, so that the statistic matches it bit for bit.
 */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let largestAbove = 0;
  let largestBelow = 0;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    const difference = i / a.length - j / b.length;
    if (difference > largestAbove) largestAbove = difference;
    if (-difference > largestBelow) largestBelow = -difference;
  }
  return Math.max(largestAbove, Math.min(largestBelow, 1));
}

/**
 * P(D >= h/n) for two samples of size n: 2 * sum over k >= 1 of (-1)^(k-1) C(2n, n - kh) / C(2n, n), each
 * ratio of binomials written as a product of h factors and nested so that no term cancels another.
 */
function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

/**
 * Returns the share of monotone lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h / lcm.
 * Each column of the path-count table is kept as the share of paths that already left the band, so the
 * values stay in [0, 1] and no binomial coefficient is ever formed.
 */
function probabilityOutsideBand(size1: number, size2: number, divisor: number, h: number): number {
  const m = Math.max(size1, size2);
  const n = Math.min(size1, size2);
  const mg = m / divisor;
  const ng = n / divisor;

  let low = 0;
  let high = Math.min(Math.ceil(h / mg), n + 1);
  let length = high - low;
  const column = new Float64Array(Math.min(2 * high + 2, n + 1)).fill(1);
  column.fill(0, low, high);

  for (let i = 1; i <= m; i++) {
    const previousLow = low;
    const previousLength = length;
    low = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    high = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (high <= low) return 1;

    let value = low === 0 ? 0 : 1;
    for (let offset = 0; offset < high - low; offset++) {
      const j = offset + low;
      value = (column[offset + low - previousLow] * i + value * j) / (i + j);
      column[offset] = value;
    }
    length = high - low;
    if (previousLength > length) column.fill(1, high - low, high - low + (previousLength - length));
  }
  return column[high - low - 1];
}
