/*
 * Adjusted p-values for multiple comparisons across variants and metrics, with the definitions that
 * statsmodels' `multipletests` uses for "holm" (Holm 1979, family-wise error rate) and "fdr_bh"
 * (Benjamini and Hochberg 1995, false discovery rate). The output keeps the input order.
 */

function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, index) => index).sort((a, b) => pValues[a] - pValues[b]);
}

/** Holm–Bonferroni adjusted p-values: the running maximum of (m − i) · p₍ᵢ₎ over ascending p, capped at 1. */
export function holmBonferroni(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m);

  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = runningMax;
  });
  return adjusted;
}

/** Benjamini–Hochberg adjusted p-values: the running minimum of m/i · p₍ᵢ₎ from the largest p down, capped at 1. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m);

  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    runningMin = Math.min(runningMin, (m / (rank + 1)) * pValues[index]);
    adjusted[index] = runningMin;
  }
  return adjusted;
}
