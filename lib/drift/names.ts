// Names shared by the request schema and the stattest registry, kept apart from the implementations so
// that the API schema and OpenAPI document do not load them.

export const FEATURE_TYPES = ["numerical", "categorical"] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** Stattest names, spelled as Evidently spells them. */
export const STATTEST_NAMES = [
  "ks",
  "wasserstein",
  "psi",
  "jensenshannon",
  "kl_div",
  "hellinger",
  "ed",
  "t_test",
  "mannw",
  "anderson",
  "cramer_von_mises",
  "empirical_mmd",
  "chisquare",
  "z",
  "fisher_exact",
  "g_test",
  "TVD",
] as const;
export type StattestName = (typeof STATTEST_NAMES)[number];
