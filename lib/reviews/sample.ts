import { sql } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { actorColumns } from "../audit";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { auditLog, reviewQueues } from "../db/schema";
import { agreeSql } from "../shadow/agreement";
import { resolveCandidate, type ResolvedCandidate } from "../shadow/resolve";
import { sampleReviewsSchema, type SampleReviewsInput } from "./schemas";

const ENGINEER = { role: "engineer", scope: "ingest" } as const;

export type SampleResult = { queueId: number; disagreements: number; agreements: number };

/**
 * Queues requests that have outputs from both the candidate and another version: every disagreeing pair
 * up to `maxDisagreements`, plus each agreeing pair with probability `agreementShare`, up to
 * `maxAgreements`. Pairs are shadow (candidate in shadow mode) or canary (candidate in production mode,
 * the production version logged in shadow mode). A request already in the queue is never queued again:
 * the unique key on (queue, request id) drops it, also when two samplers run at once.
 */
export async function sampleReviewItems(
  ctx: Ctx,
  input: { endpoint: string; candidateVersion: number } & SampleReviewsInput,
): Promise<SampleResult> {
  authorize(ctx, ENGINEER);
  const { endpoint, candidateVersion, ...rest } = input;
  const options = parseInput(sampleReviewsSchema, rest);
  const target = await resolveCandidate(ctx, endpoint, candidateVersion);

  return ctx.db.transaction(async (tx) => {
    const settings = { blind: options.blind ?? true, reviewsPerItem: options.reviewsPerItem ?? 1 };
    const updates = { ...(options.blind === undefined ? {} : { blind: options.blind }), ...(options.reviewsPerItem === undefined ? {} : { reviewsPerItem: options.reviewsPerItem }) };
    const [queue] = await tx
      .insert(reviewQueues)
      .values({ endpointId: target.endpointId, candidateVersionId: target.candidateVersionId, ...settings })
      .onConflictDoUpdate({ target: [reviewQueues.endpointId, reviewQueues.candidateVersionId], set: { ...updates, endpointId: target.endpointId } })
      .returning({ id: reviewQueues.id });

    const disagreements = await insertPairs(tx, target, queue.id, { agreeing: false, limit: options.maxDisagreements, share: 1 });
    const agreements = await insertPairs(tx, target, queue.id, { agreeing: true, limit: options.maxAgreements, share: options.agreementShare });

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "review_queue.sampled",
      targetType: "review_queue",
      targetId: String(queue.id),
      details: { endpoint, candidateVersion, disagreements, agreements },
    });
    return { queueId: queue.id, disagreements, agreements };
  });
}

async function insertPairs(
  tx: Pick<Ctx["db"], "execute">,
  target: ResolvedCandidate,
  queueId: number,
  options: { agreeing: boolean; limit: number; share: number },
): Promise<number> {
  if (options.limit === 0 || options.share === 0) return 0;

  const agree = agreeSql(target.task, sql`p.prediction`, sql`c.prediction`);
  const result = await tx.execute(sql`
    INSERT INTO review_items (queue_id, request_id, production_log_id, candidate_log_id, disagreement, candidate_first)
    SELECT ${queueId}, c.request_id, p.id, c.id, ${!options.agreeing}, random() < 0.5
    FROM prediction_logs c
    JOIN prediction_logs p ON p.endpoint_id = c.endpoint_id AND p.request_id = c.request_id
      AND p.mode <> c.mode AND p.version_id <> c.version_id
    WHERE c.endpoint_id = ${target.endpointId} AND c.version_id = ${target.candidateVersionId}
      AND (${agree}) = ${options.agreeing}
      AND random() < ${options.share}
      AND NOT EXISTS (SELECT 1 FROM review_items i WHERE i.queue_id = ${queueId} AND i.request_id = c.request_id)
    ORDER BY random()
    LIMIT ${options.limit}
    ON CONFLICT (queue_id, request_id) DO NOTHING
    RETURNING id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}
