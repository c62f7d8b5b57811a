import { z } from "zod";
import { storableText } from "../ingest/schemas";
import { bodyIntegerSchema, pathIntegerSchema } from "../api/integers";

/** Items stay locked to the reviewer who claimed them for this long; an expired lock can be claimed again. */
export const REVIEW_LOCK_MS = 5 * 60_000;

export const reviewTargetSchema = z.strictObject({
  endpoint: z.string().min(1),
  candidateVersion: pathIntegerSchema("a version number"),
});

export const sampleReviewsSchema = z.strictObject({
  /** Every disagreeing pair is queued, up to this many per call. */
  maxDisagreements: z.number().int().min(0).max(10_000).default(200),
  /** Each agreeing pair is queued with this probability, so reviewers also check agreements. */
  agreementShare: z.number().min(0).max(1).default(0.05),
  maxAgreements: z.number().int().min(0).max(10_000).default(50),
  /** Hide which output is production's and show the two in a random order per item. */
  blind: z.boolean().optional(),
  /** Number of different reviewers who label each item. */
  reviewsPerItem: z.number().int().min(1).max(5).optional(),
});
export type SampleReviewsInput = z.input<typeof sampleReviewsSchema>;

/** A reviewer's choice refers to the displayed order: 1 = first output, 2 = second, 3 = both, 4 = neither. */
export const reviewChoices = ["first", "second", "both", "neither"] as const;

export const submitReviewSchema = z.strictObject({
  choice: z.enum(reviewChoices),
  comment: storableText(2000).trim().optional(),
});
export type SubmitReviewInput = z.input<typeof submitReviewSchema>;

export const claimReviewSchema = z.strictObject({
  /** An item the reviewer holds and passes over; its lock is released. */
  skipItemId: bodyIntegerSchema("a review item id").optional(),
});
