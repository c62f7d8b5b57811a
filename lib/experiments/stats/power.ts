import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { z } from "zod";

/*
 * Sample size for a two-sided test of each treatment against the control, with the normal approximation
 * that statsmodels' NormalIndPower uses: power = Φ(δ/se − z) + Φ(−δ/se − z) with z = Φ⁻¹(1 − alpha/2),
 * where δ is the absolute effect (the relative MDE times the baseline) and se² = σc²/nc + σt²/nt. Means
 * assume the same standard deviation in every arm; proportions use p(1 − p) at the baseline rate and at
 * the rate after the lift. Each comparison is planned at the given alpha, without a multiple-testing
 * correction, and the total is the largest needed by any treatment.
 */

export const powerRequestSchema = z
  .strictObject({
    metricType: z.enum(["mean", "proportion"], { error: 'must be "mean" (send baselineMean, baselineStd) or "proportion" (send baselineRate)' }),
    baselineMean: z.number({ error: "must be the control mean, a number" }).optional(),
    baselineStd: z.number({ error: "must be the standard deviation per unit, a number" }).positive("must be above 0").optional(),
    baselineRate: z.number({ error: "must be the control conversion rate, such as 0.1" }).gt(0, "must be above 0").lt(1, "must be below 1").optional(),
    mde: z.number({ error: "must be the relative minimum detectable effect, such as 0.05 for 5%" }).refine((value) => value !== 0, "must not be 0"),
    alpha: z.number({ error: "must be a number such as 0.05" }).gt(0, "must be above 0").lt(0.5, "must be below 0.5").default(0.05),
    power: z.number({ error: "must be a number such as 0.8" }).gt(0, "must be above 0").lt(1, "must be below 1").default(0.8),
    weights: z
      .array(z.number({ error: "must be a number" }).positive("must be above 0"), { error: "must be an array of weights, the control first" })
      .min(2, "must have at least 2 weights: the control first, then each treatment")
      .default([1, 1]),
  })
  .superRefine((request, context) => {
    if (request.metricType === "mean") {
      if (request.baselineMean === undefined) context.addIssue({ code: "custom", path: ["baselineMean"], message: 'is required when metricType is "mean"' });
      else if (request.baselineMean === 0) context.addIssue({ code: "custom", path: ["baselineMean"], message: "must not be 0, since the MDE is relative to it" });
      if (request.baselineStd === undefined) context.addIssue({ code: "custom", path: ["baselineStd"], message: 'is required when metricType is "mean"' });
      return;
    }

    if (request.baselineRate === undefined) {
      context.addIssue({ code: "custom", path: ["baselineRate"], message: 'is required when metricType is "proportion"' });
      return;
    }
    const treated = request.baselineRate * (1 + request.mde);
    if (!(treated > 0 && treated < 1)) {
      context.addIssue({ code: "custom", path: ["mde"], message: `must keep the treated rate between 0 and 1; it would be ${treated}` });
    }
  });

export type PowerRequest = z.input<typeof powerRequestSchema>;

export type SampleSize = {
  /** Units needed in each variant, in the order of the weights, rounded up. */
  perVariant: number[];
  /** Sum of `perVariant`. */
  total: number;
};

type Plan = { effect: number; controlVariance: number; treatmentVariance: number; alpha: number; power: number; shares: number[] };

/** Power of the two-sided test of one treatment (share `treatmentShare`) with `total` units in all variants. */
export function comparisonPower(plan: Plan, treatmentShare: number, total: number): number {
  const standardError = Math.sqrt(plan.controlVariance / (plan.shares[0] * total) + plan.treatmentVariance / (treatmentShare * total));
  const critical = normalQuantile(1 - plan.alpha / 2, 0, 1);
  const shift = Math.abs(plan.effect) / standardError;
  return normalCdf(shift - critical, 0, 1) + normalCdf(-shift - critical, 0, 1);
}

/** The total units (not rounded) at which one comparison reaches the planned power, by bisection. */
function totalForComparison(plan: Plan, treatmentShare: number): number {
  let low = 0;
  let high = 1;
  while (comparisonPower(plan, treatmentShare, high) < plan.power) high *= 2;

  // 200 halvings take the bracket far below one unit for any total a float can hold.
  for (let step = 0; step < 200 && high - low > high * 1e-15; step++) {
    const middle = (low + high) / 2;
    if (comparisonPower(plan, treatmentShare, middle) < plan.power) low = middle;
    else high = middle;
  }
  return high;
}

function planOf(request: z.output<typeof powerRequestSchema>): Plan {
  const weightTotal = request.weights.reduce((sum, weight) => sum + weight, 0);
  const shares = request.weights.map((weight) => weight / weightTotal);
  const base = { alpha: request.alpha, power: request.power, shares };

  if (request.metricType === "mean") {
    const variance = request.baselineStd! ** 2;
    return { ...base, effect: request.mde * request.baselineMean!, controlVariance: variance, treatmentVariance: variance };
  }

  const rate = request.baselineRate!;
  const treated = rate * (1 + request.mde);
  return { ...base, effect: treated - rate, controlVariance: rate * (1 - rate), treatmentVariance: treated * (1 - treated) };
}

/** The total units, not rounded, that every treatment-versus-control comparison needs to reach the power. */
export function requiredTotalUnits(input: PowerRequest): number {
  const plan = planOf(powerRequestSchema.parse(input));
  const totals = plan.shares.slice(1).map((share) => totalForComparison(plan, share));
  return Math.max(...totals);
}

/** Units per variant and in total for a two-sided test at the given alpha and power. */
export function requiredSampleSize(input: PowerRequest): SampleSize {
  const request = powerRequestSchema.parse(input);
  const total = requiredTotalUnits(request);
  const weightTotal = request.weights.reduce((sum, weight) => sum + weight, 0);

  const perVariant = request.weights.map((weight) => Math.ceil((total * weight) / weightTotal - 1e-9));
  return { perVariant, total: perVariant.reduce((sum, units) => sum + units, 0) };
}
