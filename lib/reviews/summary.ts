import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { reviewItems, reviewLabels, reviewQueues } from "../db/schema";
import { resolveCandidate } from "../shadow/resolve";
import { majorityVerdict, reviewerAgreement } from "./agreement";
import type { ReviewSummary, ReviewVerdict } from "./types";

const READ = { role: "viewer", scope: "read" } as const;

/** Summarizes the review labels of an endpoint's candidate: one verdict per item, by majority. */
export async function reviewSummary(ctx: Ctx, input: { endpoint: string; candidateVersion: number }): Promise<ReviewSummary> {
  authorize(ctx, READ);
  const target = await resolveCandidate(ctx, input.endpoint, input.candidateVersion);

  const rows = await ctx.db
    .select({ itemId: reviewLabels.itemId, reviewerId: reviewLabels.reviewerId, verdict: reviewLabels.verdict })
    .from(reviewLabels)
    .innerJoin(reviewItems, eq(reviewItems.id, reviewLabels.itemId))
    .innerJoin(reviewQueues, eq(reviewQueues.id, reviewItems.queueId))
    .where(and(eq(reviewQueues.endpointId, target.endpointId), eq(reviewQueues.candidateVersionId, target.candidateVersionId)))
    .orderBy(asc(reviewLabels.itemId), asc(reviewLabels.createdAt), asc(reviewLabels.id));

  return summarizeLabels(rows);
}

/** Builds the summary from labels ordered by item, then oldest first. */
export function summarizeLabels(rows: readonly { itemId: number; reviewerId: number; verdict: ReviewVerdict }[]): ReviewSummary {
  const byItem = new Map<number, ReviewVerdict[]>();
  for (const row of rows) {
    const labels = byItem.get(row.itemId) ?? [];
    labels.push(row.verdict);
    byItem.set(row.itemId, labels);
  }

  const counts = { production: 0, candidate: 0, both: 0, neither: 0 };
  for (const labels of byItem.values()) counts[majorityVerdict(labels)!] += 1;

  const reviewed = byItem.size;
  const candidateCorrect = counts.candidate + counts.both;
  return {
    reviewed,
    candidateCorrect,
    productionCorrect: counts.production + counts.both,
    both: counts.both,
    neither: counts.neither,
    candidateAccuracy: reviewed > 0 ? candidateCorrect / reviewed : null,
    reviewers: new Set(rows.map((row) => row.reviewerId)).size,
    agreement: reviewerAgreement([...byItem.values()]),
  };
}
