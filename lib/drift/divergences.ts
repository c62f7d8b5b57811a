// Divergences between two binned or categorical distributions (see ./binning.ts), with the conventions of
// Evidently's stattests and the SciPy functions they call:
// - `psi` (Evidently's psi.py): sum of (r - c) ln(r / c) over bin shares, after empty bins are filled;
// - `klDiv` (kl_div.py): `scipy.stats.entropy(r, c)` of the filled shares, which renormalizes both to
//   sum 1 and returns sum r ln(r / c), natural log;
// - `jensenShannon` (jensenshannon.py): `scipy.spatial.distance.jensenshannon(r, c)` with base e, the
//   square root of the Jensen-Shannon divergence, on the unfilled shares;
// - `hellinger` (hellinger_distance.py): sqrt(1 - sum sqrt(r c)), the sum clipped to [0, 1], unfilled;
// - `totalVariationDistance` (tvd_stattest.py): half the L1 distance between the shares.
// Filling empty bins follows `get_binned_data(..., feel_zeroes=True)`: a zero share becomes 0.0001, or
// a millionth of the smallest nonzero share of that sample when that share is at most 0.0001; the filled
// shares are not renormalized.

import { clamp } from "./numeric";
import type { DistanceResult, Frequencies } from "./types";

const EMPTY_BIN_SHARE = 0.0001;

export function psi(frequencies: Frequencies): DistanceResult {
  const reference = filledShares(frequencies.reference);
  const current = filledShares(frequencies.current);
  let statistic = 0;
  for (let i = 0; i < reference.length; i++) statistic += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  return { statistic, pValue: null };
}

export function klDiv(frequencies: Frequencies): DistanceResult {
  const reference = normalized(filledShares(frequencies.reference));
  const current = normalized(filledShares(frequencies.current));
  let statistic = 0;
  for (let i = 0; i < reference.length; i++) statistic += relativeEntropy(reference[i], current[i]);
  return { statistic, pValue: null };
}

export function jensenShannon(frequencies: Frequencies): DistanceResult {
  const reference = normalized(frequencies.reference);
  const current = normalized(frequencies.current);
  let divergence = 0;
  for (let i = 0; i < reference.length; i++) {
    const middle = (reference[i] + current[i]) / 2;
    divergence += relativeEntropy(reference[i], middle) + relativeEntropy(current[i], middle);
  }
  return { statistic: Math.sqrt(Math.max(0, divergence / 2)), pValue: null };
}

export function hellinger(frequencies: Frequencies): DistanceResult {
  const reference = normalized(frequencies.reference);
  const current = normalized(frequencies.current);
  let affinity = 0;
  for (let i = 0; i < reference.length; i++) affinity += Math.sqrt(reference[i] * current[i]);
  return { statistic: Math.sqrt(1 - clamp(affinity, 0, 1)), pValue: null };
}

export function totalVariationDistance(reference: Float64Array, current: Float64Array): number {
  const referenceTotal = sum(reference);
  const currentTotal = sum(current);
  let distance = 0;
  for (let i = 0; i < reference.length; i++) distance += Math.abs(reference[i] / referenceTotal - current[i] / currentTotal);
  // Rounding in the shares can push disjoint samples a few ulps above 1, the distance's maximum.
  return Math.min(1, 0.5 * distance);
}

/** SciPy's `rel_entr`: p ln(p / q), 0 when p = 0. */
function relativeEntropy(p: number, q: number): number {
  if (p === 0) return 0;
  if (q === 0) return Infinity;
  return p * Math.log(p / q);
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function normalized(values: Float64Array): Float64Array {
  const total = sum(values);
  return values.map((value) => value / total);
}

function filledShares(counts: Float64Array): Float64Array {
  const shares = normalized(counts);
  let smallest = Infinity;
  for (let i = 0; i < shares.length; i++) if (shares[i] !== 0 && shares[i] < smallest) smallest = shares[i];
  const fill = smallest <= EMPTY_BIN_SHARE ? smallest / 10 ** 6 : EMPTY_BIN_SHARE;
  return shares.map((share) => (share === 0 ? fill : share));
}
