import { z } from "zod";
import type { SampleValue } from "./compare";
import { FEATURE_TYPES, STATTEST_NAMES } from "./names";

export const MAX_COMPARE_VALUES = 1_000_000;
/** Two samples of 1,000,000 numbers with 17 significant digits take about 40 MB of JSON. */
export const COMPARE_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
const MAX_CATEGORY_LENGTH = 4_096;
const MAX_REPORTED_VALUES = 20;

function isSampleValue(value: unknown): value is SampleValue {
  if (value === null) return true;
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && value.length <= MAX_CATEGORY_LENGTH;
}

// The values are checked by one loop that stops after 20 invalid ones: a per-value zod union would build
// an error for each of up to a million invalid values, which takes about 15 s. The `items` metadata gives
// the OpenAPI document the element type that this loop enforces.
const sample = z
  .array(z.unknown())
  .min(1, "must not be empty")
  .max(MAX_COMPARE_VALUES, `must have at most ${MAX_COMPARE_VALUES} values`)
  .superRefine((values, ctx) => {
    let reported = 0;
    for (let i = 0; i < values.length && reported < MAX_REPORTED_VALUES; i++) {
      if (isSampleValue(values[i])) continue;
      ctx.addIssue({ code: "custom", path: [i], message: `must be a finite number, a string of at most ${MAX_CATEGORY_LENGTH} characters or null` });
      reported++;
    }
  })
  .transform((values) => values as SampleValue[])
  .meta({
    items: { anyOf: [{ type: "number" }, { type: "string", maxLength: MAX_CATEGORY_LENGTH }, { type: "null" }] },
    description: `Up to ${MAX_COMPARE_VALUES} values of one feature; nulls count as missing values.`,
  });

/**
 * Body of POST /api/v1/drift/compare: two samples of one feature and optionally how to compare them. The
 * response is a CompareResult (lib/drift/compare.ts). JSON has no infinity, so an infinite statistic is
 * sent as null, as chisquare's is when the current sample has a category that the reference lacks.
 */
export const compareSchema = z.strictObject({
  reference: sample,
  current: sample,
  type: z.enum(FEATURE_TYPES, { error: `must be one of ${FEATURE_TYPES.join(", ")}` }).optional(),
  method: z.enum(STATTEST_NAMES, { error: `must be one of ${STATTEST_NAMES.join(", ")}` }).optional(),
  threshold: z.number({ error: "must be a finite number" }).min(0, "must not be negative").optional(),
});
export type CompareRequest = z.infer<typeof compareSchema>;
