import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Effect } from "./effect";
import type { Comparison } from "./types";

/*
 * Frequentist tests of an estimated effect. The fixed-horizon test is GrowthBook's two-sided t-test: the
 * statistic is estimate / standard error with Welch–Satterthwaite degrees of freedom, and the interval is
 * estimate ± t(1 − alpha/2, df) · standard error, which is Welch's test for the absolute difference.
 *
 * The sequential test uses the asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (Annals of Statistics,
 * 2024; arXiv:2103.06476), with GrowthBook's parametrisation. With N units in both arms, σ² = N · the
 * variance of the estimate, and a tuning parameter N* (the total sample size at which the sequence is
 * tightest), ρ² = (−2 log α + log(1 − 2 log α)) / N* and the half-width is
 * σ · √(2(Nρ² + 1) / (N²ρ²) · log(√(Nρ² + 1) / α)). It covers the effect at every N at once with
 * probability at least 1 − alpha asymptotically, so results may be read at any time.
 */

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/** The result GrowthBook reports when the effect cannot be estimated: an uninformative comparison. */
export function uninformative(reason: string, engine: "frequentist" | "bayesian"): Comparison {
  const base = { estimate: 0, ci: [0, 0] as [number, number], status: "not_enough_data" as const, reason };
  return engine === "frequentist" ? { ...base, pValue: 1 } : { ...base, chanceToWin: 0.5, risk: 0 };
}

/** Fixed-horizon two-sided t-test of the effect. */
export function tTest(effect: Effect, alpha = DEFAULT_ALPHA): Comparison {
  if (!effect.ok) return uninformative(effect.reason, "frequentist");

  const standardError = Math.sqrt(effect.variance);
  const statistic = effect.estimate / standardError;
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(statistic), effect.df));
  const halfWidth = tQuantile(1 - alpha / 2, effect.df) * standardError;

  return { estimate: effect.estimate, ci: [effect.estimate - halfWidth, effect.estimate + halfWidth], pValue, status: "ok" };
}

/** ρ² of the confidence sequence for a tuning parameter (planned total units) and alpha. */
export function sequentialRhoSquared(tuning: number, alpha: number): number {
  return (-2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha))) / tuning;
}

/**
 * Sequential test of the effect with an asymptotic confidence sequence. The p-value is the smallest alpha
 * at which the sequence, with ρ fixed by the configured alpha, excludes 0:
 * p = min(1, √(Nρ² + 1) · exp(−Nρ² z² / (2(Nρ² + 1)))) with z = estimate / standard error, so p < alpha
 * exactly when the interval excludes 0.
 */
export function sequentialTest(effect: Effect, tuning = DEFAULT_SEQUENTIAL_TUNING, alpha = DEFAULT_ALPHA): Comparison {
  if (!effect.ok) return uninformative(effect.reason, "frequentist");

  const units = effect.totalUnits;
  const rhoSquared = sequentialRhoSquared(tuning, alpha);
  const scaled = units * rhoSquared + 1;
  const sigma = Math.sqrt(effect.variance * units);
  const halfWidth = sigma * Math.sqrt(((2 * scaled) / (units ** 2 * rhoSquared)) * Math.log(Math.sqrt(scaled) / alpha));

  const zSquared = effect.estimate ** 2 / effect.variance;
  const pValue = Math.min(1, Math.sqrt(scaled) * Math.exp((-units * rhoSquared * zSquared) / (2 * scaled)));

  return { estimate: effect.estimate, ci: [effect.estimate - halfWidth, effect.estimate + halfWidth], pValue, status: "ok" };
}
