// Two-sample Cramér-von Mises test, as SciPy 1.17's `scipy.stats.cramervonmises_2samp(reference, current)`
// with method="auto": the exact p-value when neither sample has more than 20 values, else the asymptotic
// one. The statistic T and its normalization follow Anderson, "On the Distribution of the Two-Sample
// Cramér-von Mises Criterion", Ann. Math. Statist. 33(3), 1962 (equations 9-15), with midranks for ties.
// The exact distribution is counted over lattice paths as Xiao, Gordon and Yakovlev, "A C++ Program for the
// Cramér-von Mises Two-Sample Test", J. Stat. Soft. 17(8), 2006. The asymptotic p-value uses the limiting
// distribution of the one-sample statistic in the series of Csörgő and Faraway (1996, equation 1.2), whose
// terms need the modified Bessel function K_{1/4}; no npm package provides it, so it is integrated here.

import gammaln from "@stdlib/math-base-special-gammaln";
import { CompensatedSum, floorDivide, gcd } from "./numeric";
import { sortedCopy } from "./sort";
import type { TestResult } from "./types";

const EXACT_MAX_SIZE = 20;
const SERIES_TERM_CUTOFF = 1e-7;

/** Runs the Cramér-von Mises test of two samples, each of which needs at least 2 values. */
export function cramerVonMises(reference: Float64Array, current: Float64Array): TestResult {
  const x = sortedCopy(reference);
  const y = sortedCopy(current);
  const nx = x.length;
  const ny = y.length;
  if (nx < 2 || ny < 2) throw new RangeError("cramer_von_mises needs at least 2 values in each sample");

  const u = rankStatistic(x, y);
  const k = nx * ny;
  const total = nx + ny;
  const statistic = u / (k * total) - (4 * k - 1) / (6 * total);

  if (Math.max(nx, ny) <= EXACT_MAX_SIZE) return { statistic, pValue: exactSf(u, nx, ny) };

  const expected = (1 + 1 / total) / 6;
  const varianceT = ((total + 1) * (4 * k * total - 3 * (nx ** 2 + ny ** 2) - 2 * k)) / (45 * total ** 2 * 4 * k);
  const normalized = 1 / 6 + (statistic - expected) / Math.sqrt(45 * varianceT);
  // Below 0.003 the limiting CDF is under 1.3e-18, so the p-value is 1 to double precision.
  const pValue = normalized < 0.003 ? 1 : Math.max(0, 1 - limitingCdf(normalized));
  return { statistic, pValue };
}

/** U = nx * sum (r_i - i)^2 + ny * sum (s_j - j)^2, with r and s the pooled midranks of the sorted samples. */
function rankStatistic(x: Float64Array, y: Float64Array): number {
  const sumX = new CompensatedSum();
  const sumY = new CompensatedSum();
  let i = 0;
  let j = 0;
  let below = 0;
  while (i < x.length || j < y.length) {
    const value = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    const startI = i;
    const startJ = j;
    while (i < x.length && x[i] === value) i++;
    while (j < y.length && y[j] === value) j++;
    const tied = i - startI + (j - startJ);
    const midrank = below + (tied + 1) / 2;
    for (let index = startI; index < i; index++) sumX.add((midrank - (index + 1)) ** 2);
    for (let index = startJ; index < j; index++) sumY.add((midrank - (index + 1)) ** 2);
    below += tied;
  }
  return x.length * sumX.value() + y.length * sumY.value();
}

/**
 * P(U' >= U) over all C(m + n, m) orderings. A path through the lattice (x values taken, y values taken)
 * adds (a * v - b * w)^2 at each point (v, w), with a = lcm/m and b = lcm/n; U maps to the threshold zeta
 * on that sum. Each lattice point keeps a frequency table of the sums of the paths reaching it, as two
 * parallel arrays sorted by sum.
 */
function exactSf(u: number, m: number, n: number): number {
  const lcm = (m * n) / gcd(m, n);
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDivide(lcm ** 2 * (m + n) * (6 * u - mn * (4 * mn - 1)), 6 * mn ** 2);

  type Table = { sums: Float64Array; counts: Float64Array };
  const empty: Table = { sums: new Float64Array(0), counts: new Float64Array(0) };
  let tables: Table[] = [{ sums: new Float64Array([0]), counts: new Float64Array([1]) }];
  for (let v = 1; v <= m; v++) tables.push(empty);

  for (let w = 0; w <= n; w++) {
    const next: Table[] = [];
    let carried = empty;
    for (let v = 0; v <= m; v++) {
      const merged = mergeTables(carried, tables[v]);
      const cost = (a * v - b * w) ** 2;
      for (let index = 0; index < merged.sums.length; index++) merged.sums[index] += cost;
      next.push(merged);
      carried = merged;
    }
    tables = next;
  }

  let extreme = 0;
  const final = tables[m];
  for (let index = 0; index < final.sums.length; index++) if (final.sums[index] >= zeta) extreme += final.counts[index];

  let orderings = 1;
  for (let i = 0; i < m; i++) orderings = (orderings * (m + n - i)) / (i + 1);
  return extreme / orderings;
}

function mergeTables(
  left: { sums: Float64Array; counts: Float64Array },
  right: { sums: Float64Array; counts: Float64Array },
): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(left.sums.length + right.sums.length);
  const counts = new Float64Array(sums.length);
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < left.sums.length || j < right.sums.length) {
    if (j >= right.sums.length || (i < left.sums.length && left.sums[i] < right.sums[j])) {
      sums[size] = left.sums[i];
      counts[size++] = left.counts[i++];
    } else if (i >= left.sums.length || right.sums[j] < left.sums[i]) {
      sums[size] = right.sums[j];
      counts[size++] = right.counts[j++];
    } else {
      sums[size] = left.sums[i];
      counts[size++] = left.counts[i++] + right.counts[j++];
    }
  }
  return { sums: sums.slice(0, size), counts: counts.slice(0, size) };
}

/**
 * CDF of the limiting Cramér-von Mises distribution: the sum over k of
 * Γ(k + 1/2) / (Γ(k + 1) π^(3/2) sqrt(x)) * sqrt(4k + 1) * exp(-q) * K_{1/4}(q), q = (4k + 1)^2 / (16 x),
 * stopped after the first term below 1e-7, the same truncation as SciPy.
 */
export function limitingCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const factor = Math.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const term = factor * Math.sqrt(y) * Math.exp(-2 * q) * scaledBesselK(0.25, q);
    total += term;
    if (Math.abs(term) < SERIES_TERM_CUTOFF) return total;
  }
}

const BESSEL_STEP = 0.05;

/**
 * e^q K_ν(q) for q > 0, from K_ν(q) = ∫_0^∞ exp(-q cosh t) cosh(ν t) dt. The integrand is entire and
 * decays doubly exponentially, so the trapezoidal rule with step 0.05 is accurate to rounding.
 */
export function scaledBesselK(order: number, q: number): number {
  let sum = 0.5;
  for (let step = 1; ; step++) {
    const t = step * BESSEL_STEP;
    const term = Math.exp(-q * (Math.cosh(t) - 1)) * Math.cosh(order * t);
    sum += term;
    if (term < 1e-18 * sum) return sum * BESSEL_STEP;
  }
}
