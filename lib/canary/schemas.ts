import { z } from "zod";
import { bodyIntegerSchema } from "../api/integers";
import { storableText } from "../ingest/schemas";

export const guardrailsSchema = z.strictObject({
  maxLatencyP95Ms: z.number().positive().optional(),
  maxLatencyP95Ratio: z.number().min(1, "must be at least 1").optional(),
  maxAccuracyDrop: z.number().min(0).max(1).optional(),
  maxMaeIncrease: z.number().min(0).optional(),
  minSamples: z.number().int().min(1).default(100),
  windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
});

export const setCanarySchema = z.strictObject({
  /** The candidate's version number; it must not be the endpoint's production version. */
  version: bodyIntegerSchema("a version number"),
  /** Share of assigned units served by the candidate, from 0 (stopped) to 1. */
  weight: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  guardrails: guardrailsSchema.default({ minSamples: 100, windowMinutes: 60 }),
});
export type SetCanaryInput = z.input<typeof setCanarySchema>;

export const assignSchema = z.strictObject({
  unitId: storableText(200).min(1, "must not be empty"),
});
export type AssignInput = z.input<typeof assignSchema>;
