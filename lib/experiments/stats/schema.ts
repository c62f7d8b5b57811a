import { z } from "zod";

const MAX_VARIANTS = 20;

const count = (what: string) =>
  z
    .number({ error: `must be the number of ${what}, a whole number` })
    .int(`must be a whole number of ${what}`)
    .nonnegative(`must be 0 or more ${what}`)
    .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER}`);

const finite = (what: string) => z.number({ error: `must be the ${what}, a finite number` });

const name = z.string({ error: "must be the variant name, a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

const meanVariantSchema = z.strictObject({
  name,
  n: count("units"),
  sum: finite("sum of the metric over units"),
  sumSquares: finite("sum of squared per-unit values").nonnegative("must be 0 or more, since it is a sum of squares"),
});

const proportionVariantSchema = z
  .strictObject({ name, n: count("units"), conversions: count("converted units") })
  .refine((variant) => variant.conversions <= variant.n, { message: "must be at most n, the number of units", path: ["conversions"] });

/** The body of POST /api/v1/experiments/analyze; the first variant is the control. */
export const analyzeRequestSchema = z
  .strictObject({
    metricType: z.enum(["mean", "proportion"], { error: 'must be "mean" (send n, sum, sumSquares) or "proportion" (send n, conversions)' }),
    engine: z.enum(["frequentist", "bayesian"], { error: 'must be "frequentist" or "bayesian"' }),
    differenceType: z.enum(["relative", "absolute"], { error: 'must be "relative" or "absolute"' }).default("relative"),
    alpha: z.number({ error: "must be a number such as 0.05" }).gt(0, "must be above 0").lt(0.5, "must be below 0.5, such as 0.05").default(0.05),
    sequential: z
      .strictObject({
        tuning: z.number({ error: "must be a number of units such as 5000" }).min(1, "must be at least 1 unit; 5000 is a common choice"),
      })
      .optional(),
    weights: z
      .array(z.number({ error: "must be a number" }).positive("must be above 0"), { error: "must be an array of numbers, one per variant" })
      .optional(),
    prior: z
      .strictObject({
        mean: finite("prior mean of the effect"),
        variance: z.number({ error: "must be the prior variance of the effect, a number" }).positive("must be above 0"),
      })
      .optional(),
    variants: z
      .array(z.union([meanVariantSchema, proportionVariantSchema], { error: "must be {name, n, sum, sumSquares} or {name, n, conversions}" }), {
        error: "must be an array of variants, the control first",
      })
      .min(2, "must list at least 2 variants: the control first, then at least one treatment")
      .max(MAX_VARIANTS, `must list at most ${MAX_VARIANTS} variants`),
  })
  .superRefine((request, context) => {
    const wanted = request.metricType === "mean" ? "sumSquares" : "conversions";
    request.variants.forEach((variant, index) => {
      if (wanted in variant) return;
      const fields = request.metricType === "mean" ? "n, sum, sumSquares" : "n, conversions";
      context.addIssue({ code: "custom", path: ["variants", index], message: `must have ${fields} because metricType is "${request.metricType}"` });
    });

    if (request.weights && request.weights.length !== request.variants.length) {
      context.addIssue({ code: "custom", path: ["weights"], message: `must have one weight per variant (${request.variants.length}), in the same order` });
    }

    const names = request.variants.map((variant) => variant.name);
    const duplicate = names.find((variantName, index) => names.indexOf(variantName) !== index);
    if (duplicate !== undefined) {
      context.addIssue({ code: "custom", path: ["variants"], message: `must have distinct names; "${duplicate}" appears twice` });
    }

    if (request.sequential && request.engine !== "frequentist") {
      context.addIssue({ code: "custom", path: ["sequential"], message: 'applies only to engine "frequentist"; remove it or change the engine' });
    }

    if (request.prior && request.engine !== "bayesian") {
      context.addIssue({ code: "custom", path: ["prior"], message: 'applies only to engine "bayesian"; remove it or change the engine' });
    }
  });

export type AnalyzeRequest = z.input<typeof analyzeRequestSchema>;
export type ParsedAnalyzeRequest = z.output<typeof analyzeRequestSchema>;
