/** Sufficient statistics of a per-unit metric in one variant: unit count, sum and sum of squares. */
export type MeanStats = { n: number; sum: number; sumSquares: number };

/** Sufficient statistics of a binomial metric in one variant: units and units that converted. */
export type ProportionStats = { n: number; conversions: number };

/**
 * Sufficient statistics of a ratio metric (sum of X over sum of Y, for example clicks per session) in one
 * variant, with the per-unit sums of X, Y, their squares and their cross products.
 */
export type RatioStats = {
  n: number;
  sumX: number;
  sumY: number;
  sumXSquares: number;
  sumYSquares: number;
  sumXY: number;
};

/**
 * Sufficient statistics for CUPED in one variant: the metric during the experiment, the pre-experiment
 * covariate of the same units, and the per-unit cross products of the two.
 */
export type CupedStats = {
  n: number;
  sum: number;
  sumSquares: number;
  covariateSum: number;
  covariateSumSquares: number;
  crossSum: number;
};

/** Per-unit mean and variance of a metric in one variant, the input of every test. */
export type Moments = {
  n: number;
  mean: number;
  /** Sample variance of one unit's value, not of the mean. */
  variance: number;
};

/**
 * Moments of a CUPED-adjusted metric. `mean` is the adjusted mean and `unadjustedMean` the plain one, which
 * is the denominator of the relative lift.
 */
export type AdjustedMoments = Moments & { unadjustedMean: number };

export type DifferenceType = "relative" | "absolute";

export type Engine = "frequentist" | "bayesian";

/** A normal prior on the effect (the relative lift or the absolute difference). */
export type EffectPrior = { mean: number; variance: number };

export type TestOptions = {
  differenceType?: DifferenceType;
  /** Two-sided significance level; the interval has coverage 1 - alpha. Default 0.05. */
  alpha?: number;
  /** Confidence sequences instead of fixed-horizon intervals; `tuning` is the planned total sample size. */
  sequential?: { tuning: number };
  /** Bayesian only: a proper prior on the effect; without it the prior is flat. */
  prior?: EffectPrior;
};

export type ComparisonStatus = "ok" | "not_enough_data";

/** The comparison of one variant with the control. */
export type Comparison = {
  /** Relative lift (0.05 is +5%) or absolute difference of the means. */
  estimate: number;
  /** Confidence interval (frequentist) or credible interval (Bayesian) of the estimate. */
  ci: [number, number];
  pValue?: number;
  /** Posterior probability that the variant beats the control. */
  chanceToWin?: number;
  /** Expected loss, in units of the estimate, of shipping this variant if it is in fact worse. */
  risk?: number;
  status: ComparisonStatus;
  /** Why the status is `not_enough_data`. */
  reason?: string;
};

export type SrmResult = {
  /** Chi-square goodness-of-fit p-value of the unit counts against the weights. */
  pValue: number;
  /** True when p < 0.001 and every variant has at least 8 units. */
  mismatch: boolean;
};
