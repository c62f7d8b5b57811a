import { and, eq, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { predictionLogs, reviewItems, reviewQueues, type FeatureValue } from "../db/schema";
import { KeelError } from "../errors";
import { resolveCandidate } from "../shadow/resolve";
import { REVIEW_LOCK_MS } from "./schemas";

// Engineers and approvers review; the roles are ordered, so admins may too. Reviews are made by people,
// so API keys are rejected.
export const REVIEWER_ACCESS = { role: "engineer", scope: "admin" } as const;

export type ReviewOutput = {
  prediction: number | string;
  score: number | null;
  /** "production" or "candidate"; null under blind review. */
  source: "production" | "candidate" | null;
};

export type ReviewItemView = {
  itemId: number;
  requestId: string;
  timestamp: Date;
  features: Record<string, FeatureValue>;
  blind: boolean;
  /** The two outputs in display order; choices "first" and "second" refer to this order. */
  outputs: [ReviewOutput, ReviewOutput];
  lockedUntil: Date;
};

/** Returns the signed-in reviewer's user id, rejecting API keys and roles below engineer. */
export function reviewerId(ctx: Ctx): number {
  authorize(ctx, REVIEWER_ACCESS);
  if (ctx.actor.type !== "user") throw new KeelError("forbidden", "Reviews are made by signed-in users; API keys cannot review.");
  return ctx.actor.userId;
}

/**
 * Claims the next item for the signed-in reviewer and locks it for five minutes, or returns null when no
 * item is left. An item is open when its lock is free or expired, or held by this reviewer, it has fewer
 * labels than the queue's reviews per item, and this reviewer has not labeled it. FOR UPDATE SKIP LOCKED
 * keeps two reviewers claiming at once from getting the same item. `skipItemId` releases that item, if this
 * reviewer holds it, and claims another one; the skipped item stays in the queue.
 */
export async function claimNextItem(
  ctx: Ctx,
  input: { endpoint: string; candidateVersion: number; skipItemId?: number },
): Promise<ReviewItemView | null> {
  const userId = reviewerId(ctx);
  const target = await resolveCandidate(ctx, input.endpoint, input.candidateVersion);
  const now = ctx.now();
  const lockedUntil = new Date(now.getTime() + REVIEW_LOCK_MS);

  const claimed = await ctx.db.transaction(async (tx) => {
    const [queue] = await tx
      .select()
      .from(reviewQueues)
      .where(and(eq(reviewQueues.endpointId, target.endpointId), eq(reviewQueues.candidateVersionId, target.candidateVersionId)));
    if (!queue) return null;

    const skipped = input.skipItemId ?? 0;
    if (input.skipItemId !== undefined) {
      await tx
        .update(reviewItems)
        .set({ lockedBy: null, lockedUntil: null })
        .where(and(eq(reviewItems.id, input.skipItemId), eq(reviewItems.queueId, queue.id), eq(reviewItems.lockedBy, userId)));
    }

    // An item this reviewer already holds comes first, so reloading the page keeps the same item.
    const result = await tx.execute(sql`
      UPDATE review_items SET locked_by = ${userId}, locked_until = ${lockedUntil.toISOString()}
      WHERE id = (
        SELECT i.id FROM review_items i
        WHERE i.queue_id = ${queue.id} AND i.id <> ${skipped}
          AND (i.locked_until IS NULL OR i.locked_until <= ${now.toISOString()} OR i.locked_by = ${userId})
          AND NOT EXISTS (SELECT 1 FROM review_labels l WHERE l.item_id = i.id AND l.reviewer_id = ${userId})
          AND (SELECT count(*) FROM review_labels l WHERE l.item_id = i.id) < ${queue.reviewsPerItem}
        ORDER BY COALESCE(i.locked_by = ${userId} AND i.locked_until > ${now.toISOString()}, false) DESC, i.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      AND (locked_until IS NULL OR locked_until <= ${now.toISOString()} OR locked_by = ${userId})
      RETURNING id`);
    const row = (result as unknown as { rows: { id: number | string }[] }).rows[0];
    return row ? { itemId: Number(row.id), blind: queue.blind } : null;
  });
  if (!claimed) return null;

  return loadItemView(ctx, claimed.itemId, claimed.blind, lockedUntil);
}

async function loadItemView(ctx: Ctx, itemId: number, blind: boolean, lockedUntil: Date): Promise<ReviewItemView> {
  const [item] = await ctx.db.select().from(reviewItems).where(eq(reviewItems.id, itemId));
  const [production] = await ctx.db.select().from(predictionLogs).where(eq(predictionLogs.id, item.productionLogId));
  const [candidate] = await ctx.db.select().from(predictionLogs).where(eq(predictionLogs.id, item.candidateLogId));

  const productionOutput: ReviewOutput = { prediction: production.prediction, score: production.score, source: blind ? null : "production" };
  const candidateOutput: ReviewOutput = { prediction: candidate.prediction, score: candidate.score, source: blind ? null : "candidate" };
  // Without blind review production is always shown first.
  const candidateFirst = blind && item.candidateFirst;

  return {
    itemId,
    requestId: item.requestId,
    timestamp: production.timestamp,
    features: production.features,
    blind,
    outputs: candidateFirst ? [candidateOutput, productionOutput] : [productionOutput, candidateOutput],
    lockedUntil,
  };
}
