import type { CupedStats, MeanStats, Moments, ProportionStats, RatioStats } from "./types";

/*
 * Per-unit moments from sufficient statistics, following the conventions of GrowthBook's gbstats
 * (SampleMeanStatistic, ProportionStatistic, RatioStatistic, RegressionAdjustedStatistic): sample
 * variances divide by n - 1, a proportion's variance is p(1 - p), and a ratio's variance comes from the
 * delta method. Arms with fewer than 2 units get variance 0, which the tests report as not enough data.
 */

/** Sample variance from a count, a sum and a sum of squares; 0 below 2 units or when rounding makes it negative. */
function sampleVariance(n: number, sum: number, sumSquares: number): number {
  if (n < 2) return 0;
  const variance = (sumSquares - (sum * sum) / n) / (n - 1);
  return variance > 0 ? variance : 0;
}

function sampleCovariance(n: number, sumX: number, sumY: number, sumXY: number): number {
  if (n < 2) return 0;
  return (sumXY - (sumX * sumY) / n) / (n - 1);
}

/** Moments of a per-unit metric with values summed over units. */
export function meanMoments(stats: MeanStats): Moments {
  if (stats.n === 0) return { n: 0, mean: 0, variance: 0 };
  return { n: stats.n, mean: stats.sum / stats.n, variance: sampleVariance(stats.n, stats.sum, stats.sumSquares) };
}

/** Moments of a binomial metric; the variance is p(1 - p), as gbstats uses. */
export function proportionMoments(stats: ProportionStats): Moments {
  if (stats.n === 0) return { n: 0, mean: 0, variance: 0 };
  const rate = stats.conversions / stats.n;
  return { n: stats.n, mean: rate, variance: rate * (1 - rate) };
}

/**
 * Moments of a ratio metric, the mean of X over the mean of Y across units. The per-unit variance comes
 * from the delta method: var(X)/μY² − 2 cov(X, Y) μX/μY³ + μX² var(Y)/μY⁴. A zero denominator sum gives
 * variance 0, which the tests report as not enough data.
 */
export function ratioMoments(stats: RatioStats): Moments {
  const { n } = stats;
  if (n === 0 || stats.sumY === 0) return { n, mean: 0, variance: 0 };

  const meanX = stats.sumX / n;
  const meanY = stats.sumY / n;
  const varianceX = sampleVariance(n, stats.sumX, stats.sumXSquares);
  const varianceY = sampleVariance(n, stats.sumY, stats.sumYSquares);
  const covariance = sampleCovariance(n, stats.sumX, stats.sumY, stats.sumXY);

  const variance =
    varianceX / meanY ** 2 - (2 * covariance * meanX) / meanY ** 3 + (meanX ** 2 * varianceY) / meanY ** 4;
  return { n, mean: meanX / meanY, variance: variance > 0 ? variance : 0 };
}

/** Moments of the metric and its pre-experiment covariate in one variant, for CUPED. */
export type CupedMoments = {
  n: number;
  mean: number;
  variance: number;
  covariateMean: number;
  covariateVariance: number;
  covariance: number;
};

export function cupedMoments(stats: CupedStats): CupedMoments {
  const { n } = stats;
  if (n === 0) return { n, mean: 0, variance: 0, covariateMean: 0, covariateVariance: 0, covariance: 0 };
  return {
    n,
    mean: stats.sum / n,
    variance: sampleVariance(n, stats.sum, stats.sumSquares),
    covariateMean: stats.covariateSum / n,
    covariateVariance: sampleVariance(n, stats.covariateSum, stats.covariateSumSquares),
    covariance: sampleCovariance(n, stats.sum, stats.covariateSum, stats.crossSum),
  };
}

/**
 * CUPED's theta: the covariance of metric and covariate over the units of all the given variants pooled,
 * divided by the pooled variance of the covariate, as gbstats computes it. Returns 0 when the pooled
 * covariate or metric has no variance, which leaves the metric unadjusted.
 */
export function cupedTheta(variants: readonly CupedStats[]): number {
  const pooled = variants.reduce(
    (total, stats) => ({
      n: total.n + stats.n,
      sum: total.sum + stats.sum,
      sumSquares: total.sumSquares + stats.sumSquares,
      covariateSum: total.covariateSum + stats.covariateSum,
      covariateSumSquares: total.covariateSumSquares + stats.covariateSumSquares,
      crossSum: total.crossSum + stats.crossSum,
    }),
    { n: 0, sum: 0, sumSquares: 0, covariateSum: 0, covariateSumSquares: 0, crossSum: 0 },
  );

  const moments = cupedMoments(pooled);
  if (moments.covariateVariance <= 0 || moments.variance <= 0) return 0;
  return moments.covariance / moments.covariateVariance;
}

/** Moments of the CUPED-adjusted metric Y − θX: the variance is var(Y) + θ² var(X) − 2θ cov(X, Y). */
export function adjustedMoments(moments: CupedMoments, theta: number): Moments {
  const variance = moments.variance + theta ** 2 * moments.covariateVariance - 2 * theta * moments.covariance;
  return { n: moments.n, mean: moments.mean - theta * moments.covariateMean, variance: variance > 0 ? variance : 0 };
}
