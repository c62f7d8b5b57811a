// The distribution of the one-sample Kolmogorov-Smirnov statistic D_n, which SciPy's `ks_2samp` uses for its
// asymptotic two-sample p-value (`kstwo.sf(d, round(m*n/(m+n)))`). No npm package computes it, so it is
// written here. It follows the method choice of Simard and L'Ecuyer, "Computing the Two-Sided
// Kolmogorov-Smirnov Distribution", Journal of Statistical Software 39(11), 2011, with the same cut-offs as
// SciPy 1.17 (`scipy/stats/_ksstats.py`), so that p-values agree with SciPy's (to 2.4e-9 relative over the
// test grid in lib/drift/__fixtures__/scipy.json):
// - Durbin's matrix method in the form of Marsaglia, Tsang and Wang (2003) for small n*d,
// - Pomeranz's recursion (1974) for n <= 140,
// - the Pelz-Good asymptotic series (1976) for large n,
// - the exact one-sided Smirnov tail (Birnbaum and Tingey, 1951), doubled, where the upper tail is small.

import { clamp } from "./numeric";

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI_SQUARED = Math.PI ** 2;
const PI_FOURTH = Math.PI ** 4;
const PI_SIXTH = Math.PI ** 6;
const MIN_LOG = -708;
const LOG_SMALLEST_NORMAL = -708.3964185322641;
const SMIRNOV_APPROXIMATE_ABOVE_N = 1_000_000;

// Coefficients B_2j / (2j (2j - 1)) of Stirling's series for j = 8 down to 1, B_2j being Bernoulli numbers.
const STIRLING_COEFFICIENTS = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

/** Multiplies `value` by 2^exponent without overflowing the intermediate power of two. */
function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let remaining = exponent;
  while (remaining > 512) {
    result *= 2 ** 512;
    remaining -= 512;
  }
  while (remaining < -512) {
    result *= 2 ** -512;
    remaining += 512;
  }
  return result * 2 ** remaining;
}

/** Returns log(n! / n^n) from Stirling's series, which avoids the cancellation of n log n - n. */
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  const inverseSquare = reciprocal / n;
  let series = 0;
  for (const coefficient of STIRLING_COEFFICIENTS) series = series * inverseSquare + coefficient;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + reciprocal * series;
}

/** P(D_n > x): the survival function of the two-sided one-sample Kolmogorov-Smirnov statistic. */
export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;

  const t = n * x;
  if (t <= 1) {
    // Ruben and Gambino (1982): the exact value for 1/(2n) <= x <= 1/n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clamp(1 - cdf, 0, 1);
  }
  if (t >= n - 1) return clamp(2 * (1 - x) ** n, 0, 1);
  if (x >= 0.5) return clamp(2 * smirnovSf(n, x), 0, 1);

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clamp(1 - durbinCdf(n, x), 0, 1);
    if (nxSquared <= 4) return clamp(1 - pomeranzCdf(n, x), 0, 1);
    return clamp(2 * smirnovSf(n, x), 0, 1);
  }

  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clamp(2 * smirnovSf(n, x), 0, 1);
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = durbinCdf(n, x);
  else cdf = pelzGoodCdf(n, x);
  return clamp(1 - cdf, 0, 1);
}

/**
 * P(D+_n > x): the exact survival function of the one-sided statistic, as the Birnbaum-Tingey sum
 * x * sum over v of C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v), with every term computed in log space.
 */
export function smirnovSf(n: number, x: number): number {
  if (n === 1) return 1 - x;
  if (x <= 0) return 1;
  if (x >= 1) return 0;

  const nx = n * x;
  const nxFloor = Math.floor(nx);
  if (nxFloor === 0 || (nxFloor === 1 && nx === 1)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < LOG_SMALLEST_NORMAL) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  if (n > SMIRNOV_APPROXIMATE_ABOVE_N) return Math.exp(-((6 * nx + 1) ** 2) / 18 / n);

  // The terms rise and then fall, so the sum stops once the remaining terms cannot change it.
  const termCount = n - nxFloor;
  let logBinomial = 0;
  let sum = 0;
  for (let v = 0; v < termCount; v++) {
    if (v > 0) logBinomial += Math.log((n - v + 1) / v);
    const logTerm = logBinomial + (v - 1) * Math.log(v / n + x) + (n - v) * Math.log((n - v) / n - x);
    const term = Math.exp(logTerm);
    sum += term;
    if (term !== 0) {
      if (4 * (termCount - v) * term < Number.EPSILON * sum && v !== termCount - 1) break;
    } else if (v > n / 2) {
      break;
    }
  }
  return x * sum;
}

/** P(D_n <= d) by Durbin's matrix method: the (k, k) entry of H^n, times n!/n^n, with d = (k - h)/n. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;

  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = inverseFactorial[j - 1] / j;

  // firstColumn[i] = (1 - h^(i+1)) / (i+1)!; its last entry is corrected for the corner of H.
  const firstColumn = new Float64Array(m);
  for (let i = 0; i < m; i++) firstColumn[i] = (1 - h ** (i + 1)) * inverseFactorial[i + 1];
  firstColumn[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * inverseFactorial[m];

  let base: Float64Array = new Float64Array(m * m);
  for (let row = 0; row < m; row++) {
    for (let column = 1; column < m; column++) {
      if (row - column + 1 >= 0) base[row * m + column] = inverseFactorial[row - column + 1];
    }
    base[row * m] = firstColumn[row];
  }
  for (let column = 0; column < m; column++) base[(m - 1) * m + column] = firstColumn[m - 1 - column];

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let baseExponent = 0;
  let remaining = n;
  const center = (k - 1) * m + (k - 1);
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      power = multiplySquare(power, base, m);
      exponent += baseExponent;
    }
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
    base = multiplySquare(base, base, m);
    baseExponent *= 2;
    if (Math.abs(base[center]) > SCALE_UP) {
      for (let i = 0; i < base.length; i++) base[i] *= SCALE_DOWN;
      baseExponent += SCALE_EXPONENT;
    }
  }

  let probability = power[center];
  for (let i = 1; i <= n; i++) {
    probability = (i * probability) / n;
    if (Math.abs(probability) < SCALE_DOWN) {
      probability *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clamp(scaleByPowerOfTwo(probability, exponent), 0, 1);
}

function multiplySquare(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const product = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const factor = a[i * m + l];
      if (factor === 0) continue;
      for (let j = 0; j < m; j++) product[i * m + j] += factor * b[l * m + j];
    }
  }
  return product;
}

/** Returns the nonzero window [first, last] of row i in Pomeranz's recursion. */
function pomeranzWindow(i: number, n: number, floorT: number, ceilF: number, roundF: number): [number, number] {
  let first: number;
  let last: number;
  if (i === 0) {
    first = -floorT - ceilF - 1;
    last = floorT + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        first = n - floorT - ceilF - 1;
        last = n + floorT + ceilF - 1;
      } else {
        first = half - 1 - floorT - roundF - 1;
        last = half + floorT - 1 + ceilF - 1;
      }
    } else {
      first = half - 1 - floorT - 1;
      last = half + floorT + roundF - 1;
    }
  }
  return [Math.max(first + 2, 0), Math.min(last, n)];
}

/**
 * P(D_n <= x) by Pomeranz's recursion: 2n + 1 rows, each the convolution of the previous row with one of
 * three truncated Poisson weight sequences; the result is n! times the last entry of the last row.
 */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const floorT = Math.floor(t);
  const f = t - floorT;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powerCount = 2 * (floorT + 1);

  // weights[m] = (c/n)^m / m! for c = g, 2g and 1 - 2g.
  const gWeights = new Float64Array(powerCount);
  const twoGWeights = new Float64Array(powerCount);
  const oneMinusTwoGWeights = new Float64Array(powerCount);
  gWeights[0] = twoGWeights[0] = oneMinusTwoGWeights[0] = 1;
  for (let m = 1; m < powerCount; m++) {
    gWeights[m] = (gWeights[m - 1] * (g / n)) / m;
    twoGWeights[m] = (twoGWeights[m - 1] * ((2 * g) / n)) / m;
    oneMinusTwoGWeights[m] = (oneMinusTwoGWeights[m - 1] * ((1 - 2 * g) / n)) / m;
  }

  let previous = new Float64Array(powerCount);
  let current = new Float64Array(powerCount);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [first, last] = pomeranzWindow(0, n, floorT, ceilF, roundF);

  for (let i = 1; i < 2 * n + 2; i++) {
    const previousFirst = first;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [first, last] = pomeranzWindow(i, n, floorT, ceilF, roundF);

    let weights = oneMinusTwoGWeights;
    if (i === 1 || i === 2 * n + 1) weights = gWeights;
    else if (i % 2 === 1) weights = twoGWeights;
    const length = last - previousFirst + 1;
    if (length <= 0) continue;

    // Entries [first, last] of the convolution of previous[previousFirst ...] with weights[0 .. length).
    const offset = previousFirst - previousStart;
    const available = Math.min(length, powerCount - offset);
    const shift = first - previousFirst;
    const count = last - first + 1;
    const weightCount = Math.min(length, powerCount);
    let largest = 0;
    for (let j = 0; j < count; j++) {
      const index = shift + j;
      let sum = 0;
      for (let p = Math.max(0, index - weightCount + 1); p <= Math.min(index, available - 1); p++) {
        sum += previous[offset + p] * weights[index - p];
      }
      current[j] = sum;
      if (sum > largest) largest = sum;
    }
    if (largest > 0 && largest < SCALE_DOWN) {
      for (let j = 0; j < count; j++) current[j] *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
    currentStart = previousStart + first - previousFirst;
  }

  let probability = current[n - currentStart];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(probability) > SCALE_UP) {
      probability *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    probability *= m;
  }
  return clamp(scaleByPowerOfTwo(probability, exponent), 0, 1);
}

/** P(D_n <= x) from the Pelz-Good expansion K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5, z = x sqrt(n). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;

  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;

  const logQ = -PI_SQUARED / 8 / z2;
  if (logQ < MIN_LOG) return 0;
  const q = Math.exp(logQ);

  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOURTH * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIXTH * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOURTH * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;

  // Sums of c_j q^((2j-1)^2) over j, by Horner's scheme in the gaps q^(8j) between successive powers.
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * k);
    terms[0] = terms[0] * qPower + 1;
    terms[1] = terms[1] * qPower + (k1a + k1b * m2);
    terms[2] = terms[2] * qPower + (k2a + k2b * m2 + k2c * m4);
    terms[3] = terms[3] * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i] * q * SQRT_2PI) / divisors[i];

  // K2 and K3 also have sums over all integers k of polynomial(k) * exp(-pi^2 k^2 / (2 z^2)).
  const q2 = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const kSquared = k * k;
    const weight = q2 ** kSquared;
    k2Extra += kSquared * weight;
    k3Extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * kSquared * weight;
  }
  terms[2] += (k2Extra * PI_SQUARED * SQRT_2PI) / (-36 * z3);
  terms[3] += (k3Extra * PI_SQUARED * SQRT_2PI) / (216 * z6);

  let cdf = 0;
  for (let i = 0; i < 4; i++) cdf += terms[i] / n ** (i / 2);
  return cdf;
}
