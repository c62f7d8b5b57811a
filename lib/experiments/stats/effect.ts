import { adjustedMoments, type CupedMoments } from "./moments";
import type { DifferenceType, Moments } from "./types";

/*
 * The effect of a treatment over the control and the variance of that estimate, following GrowthBook's
 * gbstats conventions: the absolute difference of the means with variance varA/nA + varB/nB, and the
 * relative lift (meanB − meanA)/meanA with its variance by the delta method,
 * varB/(nB·meanA²) + meanB²·varA/(nA·meanA⁴). Degrees of freedom are Welch–Satterthwaite's.
 */

/** An estimated effect ready for a test, or the reason none can be estimated. */
export type Effect =
  | { ok: true; estimate: number; variance: number; df: number; totalUnits: number }
  | { ok: false; reason: string };

/** Welch–Satterthwaite degrees of freedom from the per-unit variances and unit counts. */
export function welchDf(control: Moments, treatment: Moments): number {
  const a = control.variance / control.n;
  const b = treatment.variance / treatment.n;
  return (a + b) ** 2 / (a ** 2 / (control.n - 1) + b ** 2 / (treatment.n - 1));
}

/** Returns why two arms cannot be compared, or null when they can. */
export function notEnoughData(control: Moments, treatment: Moments, differenceType: DifferenceType): string | null {
  if (control.n < 2 || treatment.n < 2) return "each variant needs at least 2 units";
  if (!(control.variance > 0) || !(treatment.variance > 0)) return "the metric has zero variance in a variant";
  if (differenceType === "relative" && control.mean === 0) return "the control mean is 0, so the relative lift is undefined";
  return null;
}

function finished(estimate: number, variance: number, df: number, totalUnits: number): Effect {
  if (![estimate, variance, df].every(Number.isFinite) || !(variance > 0)) {
    return { ok: false, reason: "the values are too large or too close to zero to estimate the effect" };
  }
  return { ok: true, estimate, variance, df, totalUnits };
}

/** The effect of `treatment` over `control` with the variance of the estimate. */
export function estimateEffect(control: Moments, treatment: Moments, differenceType: DifferenceType): Effect {
  const reason = notEnoughData(control, treatment, differenceType);
  if (reason) return { ok: false, reason };

  const varianceA = control.variance / control.n;
  const varianceB = treatment.variance / treatment.n;
  const df = welchDf(control, treatment);
  const totalUnits = control.n + treatment.n;

  if (differenceType === "absolute") {
    return finished(treatment.mean - control.mean, varianceA + varianceB, df, totalUnits);
  }

  const meanA = control.mean;
  const meanB = treatment.mean;
  const variance = varianceB / meanA ** 2 + (meanB ** 2 * varianceA) / meanA ** 4;
  return finished((meanB - meanA) / meanA, variance, df, totalUnits);
}

/**
 * The CUPED-adjusted effect with a given theta (see `cupedTheta`). The absolute effect is the difference of
 * the adjusted means. The relative effect divides it by the unadjusted control mean, and its variance is
 * the delta method over the four means (metric and covariate in each arm) with their covariances.
 */
export function estimateCupedEffect(
  control: CupedMoments,
  treatment: CupedMoments,
  theta: number,
  differenceType: DifferenceType,
): Effect {
  const adjustedA = adjustedMoments(control, theta);
  const adjustedB = adjustedMoments(treatment, theta);

  const reason = notEnoughData(adjustedA, adjustedB, "absolute");
  if (reason) return { ok: false, reason };
  if (differenceType === "relative" && control.mean === 0) {
    return { ok: false, reason: "the control mean is 0, so the relative lift is undefined" };
  }

  const df = welchDf(adjustedA, adjustedB);
  const totalUnits = control.n + treatment.n;
  const difference = adjustedB.mean - adjustedA.mean;
  const varianceB = adjustedB.variance / treatment.n;
  if (differenceType === "absolute") return finished(difference, adjustedA.variance / control.n + varianceB, df, totalUnits);

  // g = (Yb − θXb − Ya + θXa) / Ya, with gradient 1/Ya and −θ/Ya for the treatment means, θ/Ya for the
  // control covariate mean and −(Yb − θXb + θXa)/Ya² for the control metric mean.
  const meanA = control.mean;
  const numerator = treatment.mean - theta * treatment.covariateMean + theta * control.covariateMean;
  const gradientY = -numerator / meanA ** 2;
  const gradientX = theta / meanA;
  const varianceA =
    (gradientY ** 2 * control.variance + gradientX ** 2 * control.covariateVariance + 2 * gradientY * gradientX * control.covariance) /
    control.n;

  return finished(difference / meanA, varianceB / meanA ** 2 + varianceA, df, totalUnits);
}
