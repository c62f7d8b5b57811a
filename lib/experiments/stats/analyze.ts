import { bayesianTest } from "./bayesian";
import { estimateCupedEffect, estimateEffect, type Effect } from "./effect";
import { DEFAULT_ALPHA, sequentialTest, tTest } from "./frequentist";
import { cupedMoments, cupedTheta, meanMoments, proportionMoments } from "./moments";
import { analyzeRequestSchema, type AnalyzeRequest } from "./schema";
import { srmTest } from "./srm";
import type { Comparison, CupedStats, Engine, Moments, SrmResult, TestOptions } from "./types";

export type VariantResult = Comparison & { name: string };

export type AnalyzeResponse = {
  /** One entry per variant in request order. The control comes first, as the reference with estimate 0. */
  variants: VariantResult[];
  srm: SrmResult;
};

export type CompareOptions = TestOptions & { engine: Engine };

/** Runs the test that the options select on an estimated effect. */
export function testEffect(effect: Effect, options: CompareOptions): Comparison {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (options.engine === "bayesian") return bayesianTest(effect, { alpha, prior: options.prior });
  if (options.sequential) return sequentialTest(effect, options.sequential.tuning, alpha);
  return tTest(effect, alpha);
}

/** Compares a treatment with the control from per-unit moments (see `meanMoments`, `ratioMoments`, ...). */
export function compare(control: Moments, treatment: Moments, options: CompareOptions): Comparison {
  return testEffect(estimateEffect(control, treatment, options.differenceType ?? "relative"), options);
}

/**
 * Compares every treatment with the control (the first entry) after CUPED adjustment, with one theta
 * pooled over all the variants given. Returns one comparison per treatment.
 */
export function compareCuped(variants: readonly CupedStats[], options: CompareOptions): Comparison[] {
  const theta = cupedTheta(variants);
  const [control, ...treatments] = variants.map(cupedMoments);
  const differenceType = options.differenceType ?? "relative";
  return treatments.map((treatment) => testEffect(estimateCupedEffect(control, treatment, theta, differenceType), options));
}

/** The analysis behind POST /api/v1/experiments/analyze; throws a ZodError on an invalid request. */
export function analyze(request: AnalyzeRequest): AnalyzeResponse {
  const parsed = analyzeRequestSchema.parse(request);
  const moments = parsed.variants.map((variant) =>
    "conversions" in variant ? proportionMoments(variant) : meanMoments(variant),
  );

  const options: CompareOptions = {
    engine: parsed.engine,
    differenceType: parsed.differenceType,
    alpha: parsed.alpha,
    sequential: parsed.sequential,
    prior: parsed.prior,
  };
  const [control, ...treatments] = moments;
  const comparisons = treatments.map((treatment) => compare(control, treatment, options));

  const reference: Comparison = { estimate: 0, ci: [0, 0], status: control.n < 2 ? "not_enough_data" : "ok" };
  if (reference.status === "not_enough_data") reference.reason = "the control needs at least 2 units";

  return {
    variants: [reference, ...comparisons].map((comparison, index) => ({ name: parsed.variants[index].name, ...comparison })),
    srm: srmTest(
      moments.map((variant) => variant.n),
      parsed.weights,
    ),
  };
}
