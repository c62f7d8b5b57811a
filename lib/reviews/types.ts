export const reviewVerdicts = ["production", "candidate", "both", "neither"] as const;
export type ReviewVerdict = (typeof reviewVerdicts)[number];

/** Agreement between reviewers on items that two or more of them labeled. */
export type ReviewerAgreement = {
  /** Items with at least two labels. */
  items: number;
  /** Share of agreeing reviewer pairs among all reviewer pairs on those items. */
  percentAgreement: number;
  /** Fleiss' kappa over the four verdicts; null when it is undefined (all labels in one category). */
  fleissKappa: number | null;
};

export type ReviewSummary = {
  /** Items with at least one label; an item with several labels counts once, by its majority verdict. */
  reviewed: number;
  /** Items whose verdict is "candidate" or "both". */
  candidateCorrect: number;
  /** Items whose verdict is "production" or "both". */
  productionCorrect: number;
  both: number;
  neither: number;
  /** candidateCorrect / reviewed, null before the first review. */
  candidateAccuracy: number | null;
  /** Distinct reviewers who labeled at least one item. */
  reviewers: number;
  /** Null until two reviewers label the same item. */
  agreement: ReviewerAgreement | null;
};
