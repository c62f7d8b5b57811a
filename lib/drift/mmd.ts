// Empirical maximum mean discrepancy with a Gaussian (RBF) kernel, following Evidently's `empirical_mmd`
// (`mmd_stattest.py`): the kernel width sigma = sqrt(median / 2), the median (NumPy's "nearest" percentile)
// taken over all squared distances within the reference sample, diagonal included; sigma = sqrt(1/2) when
// that median is 0. The statistic is the unbiased estimate
//   sum_{i != j} k(x_i, x_j) / (n (n - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1)) - 2 mean k(x_i, y_j),
// and the p-value is the share of 100 random relabelings of the pooled sample whose statistic is at least
// the observed one. Keel differs from Evidently in three ways, all documented here:
// - relabelings come from Keel's seeded generator (./random.ts), so p-values are reproducible. They differ
//   from Evidently's, which seeds NumPy's global generator per call, by permutation noise only;
// - squared distances are computed as (x - y)^2, where Evidently expands x^2 - 2xy + y^2;
// - the kernel matrix has (n + m)^2 entries, so each sample is first reduced to at most 1,000 values drawn
//   without replacement by the same generator. That bounds the work of one call at any input size, to
//   about 2 * 10^8 kernel reads for the 100 relabelings.

import { roundHalfEven } from "./numeric";
import { createUniform, PERMUTATION_SEED, shuffleFront } from "./random";
import type { TestResult } from "./types";

export const MMD_MAX_SAMPLE_SIZE = 1_000;
const PERMUTATIONS = 100;

/** Runs Evidently's empirical MMD test, which needs at least 2 values in each sample. */
export function empiricalMmd(reference: Float64Array, current: Float64Array): TestResult {
  if (reference.length < 2 || current.length < 2) throw new RangeError("empirical_mmd needs at least 2 values in each sample");

  const uniform = createUniform(PERMUTATION_SEED);
  const x = subsample(reference, MMD_MAX_SAMPLE_SIZE, uniform);
  const y = subsample(current, MMD_MAX_SAMPLE_SIZE, uniform);
  const n = x.length;
  const m = y.length;
  const total = n + m;

  const gamma = 1 / (2 * kernelWidth(x) ** 2);
  const pooled = new Float64Array(total);
  pooled.set(x);
  pooled.set(y, n);
  const kernel = new Float64Array(total * total);
  const rowTotals = new Float64Array(total);
  let kernelSum = 0;
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < total; j++) {
      if (i === j) continue;
      // Equal values have a kernel value of exactly 1, even when a tiny kernel width makes gamma
      // infinite (Infinity * 0 would be NaN).
      const squaredDistance = (pooled[i] - pooled[j]) ** 2;
      const value = squaredDistance === 0 ? 1 : Math.exp(-gamma * squaredDistance);
      kernel[i * total + j] = value;
      rowTotals[i] += value;
    }
    kernelSum += rowTotals[i];
  }

  const labels = new Uint32Array(total);
  for (let i = 0; i < total; i++) labels[i] = i;
  const statistic = mmdForLabels(kernel, rowTotals, kernelSum, labels, n, m);

  let atLeastObserved = 0;
  for (let round = 0; round < PERMUTATIONS; round++) {
    shuffleFront(labels, n, uniform);
    if (statistic <= mmdForLabels(kernel, rowTotals, kernelSum, labels, n, m)) atLeastObserved++;
  }
  return { statistic, pValue: atLeastObserved / PERMUTATIONS };
}

function subsample(values: Float64Array, maxSize: number, uniform: () => number): Float64Array {
  if (values.length <= maxSize) return values;
  const indices = new Uint32Array(values.length);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  shuffleFront(indices, maxSize, uniform);
  const chosen = new Float64Array(maxSize);
  for (let i = 0; i < maxSize; i++) chosen[i] = values[indices[i]];
  return chosen;
}

/** sqrt(median / 2) of the squared distances within the sample, with NumPy's "nearest" median. */
function kernelWidth(x: Float64Array): number {
  const n = x.length;
  const distances = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) distances[i * n + j] = (x[i] - x[j]) ** 2;
  const median = selectKth(distances, roundHalfEven((distances.length - 1) * 0.5));
  const sigma = Math.sqrt(0.5 * median);
  return sigma === 0 ? Math.sqrt(0.5) : sigma;
}

/** Returns the k-th smallest value (0-based), reordering `values` (Hoare's quickselect). */
function selectKth(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k];
  }
  return values[k];
}

/**
 * Computes the MMD statistic when the pooled indices labels[0..n) form the first sample and the rest the second.
 * The cross sum comes from the row totals, so only rows of the first sample are read, in memory order.
 */
function mmdForLabels(kernel: Float64Array, rowTotals: Float64Array, kernelSum: number, labels: Uint32Array, n: number, m: number): number {
  const total = n + m;
  const inFirst = new Float64Array(total);
  for (let b = 0; b < n; b++) inFirst[labels[b]] = 1;

  let withinFirst = 0;
  let firstRowsTotal = 0;
  for (let a = 0; a < n; a++) {
    const row = labels[a] * total;
    let rowSum = 0;
    for (let b = 0; b < total; b++) rowSum += kernel[row + b] * inFirst[b];
    withinFirst += rowSum;
    firstRowsTotal += rowTotals[labels[a]];
  }
  const between = firstRowsTotal - withinFirst;
  const withinSecond = kernelSum - withinFirst - 2 * between;
  return withinFirst / (n * (n - 1)) + withinSecond / (m * (m - 1)) - (2 * between) / (n * m);
}
