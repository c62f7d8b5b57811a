import { z } from "zod";
import { bodyIntegerSchema, pathIntegerSchema } from "../api/integers";
import { storableText } from "../ingest/schemas";

// Imported by the forms in the browser as well as by the server, so nothing here may import server code.

const share = (what: string) => z.number({ error: `${what} must be a number` }).min(0, "must be at least 0").max(1, "must be at most 1");
const count = (max: number) => z.number().int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`);

/** Each check is optional: a null check is not part of the policy. */
export const gatePolicySchema = z.strictObject({
  /** The candidate's offline metric may fall at most `maxDrop` below production's (or rise, when lower is better). */
  offlineMetric: z
    .strictObject({
      metric: storableText(100).min(1, "must not be empty"),
      maxDrop: z.number().min(0, "must be at least 0").max(1000, "must be at most 1000"),
      higherIsBetter: z.boolean(),
    })
    .nullable(),
  /** The candidate's p95 latency on shadow traffic, in milliseconds. */
  shadowLatency: z.strictObject({ p95BudgetMs: z.number().positive("must be positive").max(600_000, "must be at most 600000") }).nullable(),
  /** The share of features whose drift test fires between the candidate's training profile and recent production inputs. */
  drift: z.strictObject({ maxDriftedShare: share("maxDriftedShare"), windowDays: count(90) }).nullable(),
  /** The share of shadow pairs where candidate and production predict the same. */
  agreement: z.strictObject({ minRate: share("minRate"), minPairs: count(10_000_000) }).nullable(),
  /** The candidate's accuracy as judged by human reviewers, over at least `minSamples` reviews. */
  humanReview: z.strictObject({ minAccuracy: share("minAccuracy"), minSamples: count(1_000_000) }).nullable(),
  /** Time since the candidate's first shadow prediction, in hours. */
  shadowDuration: z.strictObject({ minHours: z.number().min(0, "must be at least 0").max(24 * 365, "must be at most 8760") }).nullable(),
  /** Approvals needed from users with the approver role, not counting the author. */
  requiredApprovals: count(10),
  /** Hours after which a pending request expires. */
  expiresAfterHours: count(24 * 90),
});
export type GatePolicy = z.infer<typeof gatePolicySchema>;

export const DEFAULT_GATE_POLICY: GatePolicy = {
  offlineMetric: { metric: "roc_auc", maxDrop: 0.01, higherIsBetter: true },
  shadowLatency: { p95BudgetMs: 250 },
  drift: { maxDriftedShare: 0.5, windowDays: 30 },
  agreement: { minRate: 0.8, minPairs: 100 },
  humanReview: { minAccuracy: 0.6, minSamples: 5 },
  shadowDuration: { minHours: 24 },
  requiredApprovals: 1,
  expiresAfterHours: 72,
};

export const promotionTargets = ["shadow", "canary", "production"] as const;
export type PromotionTarget = (typeof promotionTargets)[number];

export const promotionStates = ["pending", "approved", "rejected", "expired"] as const;
export type PromotionState = (typeof promotionStates)[number];

export const openPromotionSchema = z.strictObject({
  endpoint: storableText(100).min(1, "must not be empty"),
  version: bodyIntegerSchema("a version number"),
  targetStage: z.enum(promotionTargets, { error: `must be one of ${promotionTargets.join(", ")}` }).default("production"),
  reason: storableText(2000).trim().min(1, "must not be empty; say why this version should be promoted"),
});
export type OpenPromotionInput = z.input<typeof openPromotionSchema>;

export const promotionIdSchema = pathIntegerSchema("a promotion request id");

export const decidePromotionSchema = z
  .strictObject({
    requestId: bodyIntegerSchema("a promotion request id"),
    decision: z.enum(["approve", "reject"]),
    comment: storableText(5000).trim().default(""),
  })
  .refine((input) => input.decision === "approve" || input.comment.length > 0, {
    message: "must explain the rejection",
    path: ["comment"],
  });
export type DecidePromotionInput = z.input<typeof decidePromotionSchema>;

/** The body of the decision route, whose request id comes from the path. */
export const decisionBodySchema = z.strictObject({
  decision: z.enum(["approve", "reject"]),
  comment: storableText(5000).trim().default(""),
});

export const commentSchema = z.strictObject({
  requestId: bodyIntegerSchema("a promotion request id"),
  body: storableText(5000).trim().min(1, "must not be empty"),
});

/** The body of the comment route, whose request id comes from the path. */
export const commentBodySchema = z.strictObject({ body: storableText(5000).trim().min(1, "must not be empty") });

export const updateGatePolicySchema = z.strictObject({ model: storableText(100).min(1, "must not be empty"), policy: gatePolicySchema });

export const setVersionStageSchema = z.strictObject({
  stage: z.enum(["candidate", "shadow", "canary", "archived", "rejected"], {
    error: "must be candidate, shadow, canary, archived or rejected; production needs an approved promotion request",
  }),
});
