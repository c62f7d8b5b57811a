import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { Effect } from "./effect";
import { DEFAULT_ALPHA, uninformative } from "./frequentist";
import type { Comparison, EffectPrior } from "./types";

/*
 * Bayesian comparison with GrowthBook's normal approximation (gbstats EffectBayesianABTest): the
 * likelihood of the effect (relative lift or absolute difference) is normal with the frequentist estimate
 * and its delta-method variance. With a flat prior the posterior is that normal. With a proper normal prior
 * N(m, τ²) the posterior precision is 1/v + 1/τ² and its mean the precision-weighted mean of the estimate
 * and m. Chance to win is P(effect > 0); the credible interval is the central 1 − alpha interval; risk is
 * the expected loss of shipping the treatment, E[max(0, −effect)] = σφ(μ/σ) − μΦ(−μ/σ).
 */

export type Posterior = { mean: number; variance: number };

export function posterior(estimate: number, variance: number, prior?: EffectPrior): Posterior {
  if (!prior) return { mean: estimate, variance };

  const precision = 1 / variance + 1 / prior.variance;
  return { mean: (estimate / variance + prior.mean / prior.variance) / precision, variance: 1 / precision };
}

/** Expected loss of choosing the treatment when the effect is N(mean, sd²), in units of the effect. */
export function expectedLoss(mean: number, sd: number): number {
  const z = mean / sd;
  return Math.max(0, sd * normalPdf(z, 0, 1) - mean * normalCdf(-z, 0, 1));
}

export function bayesianTest(effect: Effect, options: { alpha?: number; prior?: EffectPrior } = {}): Comparison {
  if (!effect.ok) return uninformative(effect.reason, "bayesian");

  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const { mean, variance } = posterior(effect.estimate, effect.variance, options.prior);
  const sd = Math.sqrt(variance);

  return {
    estimate: mean,
    ci: [normalQuantile(alpha / 2, mean, sd), normalQuantile(1 - alpha / 2, mean, sd)],
    chanceToWin: normalCdf(mean / sd, 0, 1),
    risk: expectedLoss(mean, sd),
    status: "ok",
  };
}
