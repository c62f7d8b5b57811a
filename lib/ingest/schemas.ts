import { z } from "zod";

export const MAX_BATCH_RECORDS = 10_000;
export const MAX_FEATURES = 500;
export const MAX_TEXT_LENGTH = 4_096;
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** A string without NUL bytes or lone UTF-16 surrogates, neither of which PostgreSQL can store in text. */
export function storableText(maxLength: number) {
  return z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL bytes")
    .refine((value) => value.isWellFormed(), "must be valid Unicode (it contains a lone UTF-16 surrogate)");
}

export const identifier = storableText(200).min(1, "must not be empty");

/**
 * The text form that `timestampSchema` accepts: zod's pattern for `z.iso.datetime({ offset: true })`, built by
 * the same zod function from the same options, for the fast path in fast-parse.ts.
 */
export const TIMESTAMP_PATTERN = z.regexes.datetime({ offset: true });

/** An ISO 8601 timestamp with a time zone, not before 1970 and at most one day in the future. */
export const timestampSchema = z
  .iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= 0, "must not be before 1970-01-01T00:00:00Z")
  .refine((date) => date.getTime() <= Date.now() + FUTURE_TOLERANCE_MS, "must not be more than one day in the future");

const finiteNumber = z.number({ error: "must be a finite number" });

export const featureValueSchema = z.union([finiteNumber, storableText(MAX_TEXT_LENGTH), z.boolean(), z.null()], {
  error: "must be a finite number, a string, a boolean or null",
});

export const featuresSchema = z
  .record(storableText(200).min(1, "feature names must not be empty"), featureValueSchema)
  .refine((features) => Object.keys(features).length <= MAX_FEATURES, `must have at most ${MAX_FEATURES} features`);

const predictionValue = z.union([finiteNumber, storableText(MAX_TEXT_LENGTH)], { error: "must be a number or a string" });

export const predictionRecordSchema = z.strictObject({
  endpoint: identifier,
  modelVersion: z.number().int("must be an integer version number").positive("must be a version number from 1"),
  requestId: identifier,
  timestamp: timestampSchema,
  features: featuresSchema,
  prediction: predictionValue,
  probabilities: z
    .record(storableText(200), z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"))
    .optional(),
  score: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional(),
  latencyMs: z.number().min(0, "must not be negative").max(3_600_000, "must be at most one hour in milliseconds").optional(),
  mode: z.enum(["production", "shadow"]).default("production"),
});
export type PredictionRecord = z.infer<typeof predictionRecordSchema>;
export type PredictionRecordInput = z.input<typeof predictionRecordSchema>;

export const labelRecordSchema = z.strictObject({
  endpoint: identifier,
  requestId: identifier,
  label: z.union([finiteNumber, storableText(MAX_TEXT_LENGTH), z.boolean()], {
    error: "must be a number, a string or a boolean",
  }),
  timestamp: timestampSchema,
});
export type LabelRecord = z.infer<typeof labelRecordSchema>;
export type LabelRecordInput = z.input<typeof labelRecordSchema>;

export const eventRecordSchema = z.strictObject({
  eventId: identifier.optional(),
  unitId: identifier,
  name: identifier,
  value: finiteNumber,
  timestamp: timestampSchema,
});
export type EventRecord = z.infer<typeof eventRecordSchema>;
export type EventRecordInput = z.input<typeof eventRecordSchema>;

export const metricRecordSchema = z.strictObject({
  endpoint: identifier,
  name: identifier,
  timestamp: timestampSchema,
  value: finiteNumber,
});
export type MetricRecord = z.infer<typeof metricRecordSchema>;
export type MetricRecordInput = z.input<typeof metricRecordSchema>;

/** A batch envelope `{ records: [...] }` of 1 to 10,000 records. */
export function batchSchema<T extends z.ZodType>(record: T) {
  return z.strictObject({
    records: z
      .array(record)
      .min(1, "must contain at least one record")
      .max(MAX_BATCH_RECORDS, `must contain at most ${MAX_BATCH_RECORDS} records; split the batch`),
  });
}

export const predictionBatchSchema = batchSchema(predictionRecordSchema);
export const labelBatchSchema = batchSchema(labelRecordSchema);
export const eventBatchSchema = batchSchema(eventRecordSchema);
export const metricBatchSchema = batchSchema(metricRecordSchema);

/** The acknowledgement of a stored batch: records new to Keel and records it already had. */
export type IngestResult = { stored: number; duplicates: number };
