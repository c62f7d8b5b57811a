import { and, eq, sql } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, reviewItems, reviewLabels, reviewQueues } from "../db/schema";
import { KeelError } from "../errors";
import { reviewerId } from "./claim";
import { submitReviewSchema, type SubmitReviewInput } from "./schemas";
import type { ReviewVerdict } from "./types";

/** Maps a choice in display order to the stored verdict, undoing the blind order. */
export function verdictOfChoice(choice: "first" | "second" | "both" | "neither", candidateShownFirst: boolean): ReviewVerdict {
  if (choice === "both" || choice === "neither") return choice;
  const firstIsCandidate = candidateShownFirst;
  if (choice === "first") return firstIsCandidate ? "candidate" : "production";
  return firstIsCandidate ? "production" : "candidate";
}

/**
 * Stores the signed-in reviewer's verdict on an item and releases its lock. Rejects with 409 when
 * another reviewer holds an unexpired lock on the item or this reviewer already labeled it.
 */
export async function submitReview(ctx: Ctx, input: { itemId: number } & SubmitReviewInput): Promise<{ itemId: number; verdict: ReviewVerdict }> {
  const userId = reviewerId(ctx);
  const { itemId, ...rest } = input;
  const values = parseInput(submitReviewSchema, rest);
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: reviewItems.id, lockedBy: reviewItems.lockedBy, lockedUntil: reviewItems.lockedUntil, candidateFirst: reviewItems.candidateFirst, blind: reviewQueues.blind })
      .from(reviewItems)
      .innerJoin(reviewQueues, eq(reviewQueues.id, reviewItems.queueId))
      .where(eq(reviewItems.id, itemId))
      .for("update", { of: reviewItems });
    if (!item) throw new KeelError("not_found", `Review item ${itemId} not found.`);

    const heldByOther = item.lockedBy !== null && item.lockedBy !== userId && item.lockedUntil !== null && item.lockedUntil > now;
    if (heldByOther) throw new KeelError("conflict", `Review item ${itemId} is locked by another reviewer; claim the next item instead.`);

    const verdict = verdictOfChoice(values.choice, item.blind && item.candidateFirst);
    const inserted = await tx
      .insert(reviewLabels)
      .values({ itemId, reviewerId: userId, verdict, comment: values.comment || null })
      .onConflictDoNothing()
      .returning({ id: reviewLabels.id });
    if (inserted.length === 0) throw new KeelError("conflict", `You already reviewed item ${itemId}.`);

    await tx
      .update(reviewItems)
      .set({ lockedBy: null, lockedUntil: null })
      .where(and(eq(reviewItems.id, itemId), sql`${reviewItems.lockedBy} IS NOT DISTINCT FROM ${userId}`));
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "review.submitted",
      targetType: "review_item",
      targetId: String(itemId),
      details: { verdict, hasComment: Boolean(values.comment) },
    });
    return { itemId, verdict };
  });
}
