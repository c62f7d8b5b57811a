import { reviewVerdicts, type ReviewerAgreement, type ReviewVerdict } from "./types";

/**
 * Computes inter-reviewer agreement over items labeled by two or more reviewers.
 *
 * Fleiss' kappa follows Fleiss (1971), "Measuring nominal scale agreement among many raters", with the
 * per-item agreement P_i = Σ_j n_ij (n_ij − 1) / (n_i (n_i − 1)) so that items may have different numbers
 * of raters; with the same number on every item it equals statsmodels' `fleiss_kappa`. Percent agreement
 * is the share of agreeing pairs among all reviewer pairs, pooled over items.
 */
export function reviewerAgreement(labelsByItem: readonly (readonly ReviewVerdict[])[]): ReviewerAgreement | null {
  const items = labelsByItem.filter((labels) => labels.length >= 2);
  if (items.length === 0) return null;

  const categoryTotals = new Map<ReviewVerdict, number>(reviewVerdicts.map((verdict) => [verdict, 0]));
  let ratings = 0;
  let agreementSum = 0;
  let agreeingPairs = 0;
  let allPairs = 0;

  for (const labels of items) {
    const counts = countVerdicts(labels);
    const n = labels.length;
    let agreeing = 0;
    for (const [verdict, count] of counts) {
      agreeing += count * (count - 1);
      categoryTotals.set(verdict, categoryTotals.get(verdict)! + count);
    }
    ratings += n;
    agreementSum += agreeing / (n * (n - 1));
    agreeingPairs += agreeing / 2;
    allPairs += (n * (n - 1)) / 2;
  }

  const observed = agreementSum / items.length;
  let expected = 0;
  for (const total of categoryTotals.values()) expected += (total / ratings) ** 2;
  const fleissKappa = expected >= 1 ? null : (observed - expected) / (1 - expected);

  return { items: items.length, percentAgreement: agreeingPairs / allPairs, fleissKappa };
}

function countVerdicts(labels: readonly ReviewVerdict[]): Map<ReviewVerdict, number> {
  const counts = new Map<ReviewVerdict, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/** Returns the most frequent verdict of an item's labels, oldest first; a tie goes to the earliest label. */
export function majorityVerdict(labelsOldestFirst: readonly ReviewVerdict[]): ReviewVerdict | null {
  const counts = countVerdicts(labelsOldestFirst);
  let best: ReviewVerdict | null = null;
  for (const label of labelsOldestFirst) {
    if (best === null || counts.get(label)! > counts.get(best)!) best = label;
  }
  return best;
}
