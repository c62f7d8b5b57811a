import { and, count, eq, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { reviewItems, reviewLabels, reviewQueues, users } from "../db/schema";
import { resolveCandidate } from "../shadow/resolve";
import { summarizeLabels } from "./summary";
import type { ReviewSummary } from "./types";

const READ = { role: "viewer", scope: "read" } as const;

export type ReviewProgress = {
  queued: number;
  disagreements: number;
  blind: boolean;
  reviewsPerItem: number;
  /** Items with as many labels as the queue asks for. */
  completed: number;
  reviewers: { userId: number; name: string; labeled: number }[];
  summary: ReviewSummary;
};

/** Reports a review queue's size, each reviewer's label count and the summary of the verdicts. */
export async function reviewProgress(ctx: Ctx, input: { endpoint: string; candidateVersion: number }): Promise<ReviewProgress | null> {
  authorize(ctx, READ);
  const target = await resolveCandidate(ctx, input.endpoint, input.candidateVersion);
  const [queue] = await ctx.db
    .select()
    .from(reviewQueues)
    .where(and(eq(reviewQueues.endpointId, target.endpointId), eq(reviewQueues.candidateVersionId, target.candidateVersionId)));
  if (!queue) return null;

  const [sizes] = await ctx.db
    .select({ queued: count(), disagreements: sql<number>`count(*) FILTER (WHERE ${reviewItems.disagreement})::int` })
    .from(reviewItems)
    .where(eq(reviewItems.queueId, queue.id));

  const labels = await ctx.db
    .select({ itemId: reviewLabels.itemId, reviewerId: reviewLabels.reviewerId, verdict: reviewLabels.verdict, name: users.name })
    .from(reviewLabels)
    .innerJoin(reviewItems, eq(reviewItems.id, reviewLabels.itemId))
    .innerJoin(users, eq(users.id, reviewLabels.reviewerId))
    .where(eq(reviewItems.queueId, queue.id))
    .orderBy(reviewLabels.itemId, reviewLabels.createdAt, reviewLabels.id);

  const labelsPerItem = new Map<number, number>();
  const reviewers = new Map<number, { userId: number; name: string; labeled: number }>();
  for (const label of labels) {
    labelsPerItem.set(label.itemId, (labelsPerItem.get(label.itemId) ?? 0) + 1);
    const reviewer = reviewers.get(label.reviewerId) ?? { userId: label.reviewerId, name: label.name, labeled: 0 };
    reviewer.labeled += 1;
    reviewers.set(label.reviewerId, reviewer);
  }
  const completed = [...labelsPerItem.values()].filter((labeled) => labeled >= queue.reviewsPerItem).length;

  return {
    queued: Number(sizes.queued),
    disagreements: Number(sizes.disagreements),
    blind: queue.blind,
    reviewsPerItem: queue.reviewsPerItem,
    completed,
    reviewers: [...reviewers.values()].sort((a, b) => b.labeled - a.labeled),
    summary: summarizeLabels(labels),
  };
}
