import { and, eq, inArray, sql } from "drizzle-orm";
import { parseInput } from "../api/problems";
import type { Ctx } from "../context";
import { jobs } from "../db/schema";
import type { JobDefinition } from "./define";

export type EnqueueOptions = {
  /** The earliest time the job may start; now when absent. */
  runAt?: Date;
  /** At most one queued or running job holds a key; jobs that have finished release it. The key is global, so include the job name in it. */
  singletonKey?: string;
};

const ACTIVE_STATES = ["queued", "running"] as const;

// The partial unique index on singleton_key covers queued and running jobs only, so the conflict target must
// repeat its predicate for PostgreSQL to match the index.
const activeSingleton = sql`state IN ('queued', 'running')`;

/**
 * Stores a job for the worker to run, after validating its payload with the definition's schema. With a
 * singleton key already held by a queued or running job, stores nothing and returns that job's id with
 * `created: false`. Runs single statements only, so a caller may pass a context whose `db` is a transaction.
 */
export async function enqueueJob<P>(
  ctx: Ctx,
  definition: JobDefinition<P>,
  payload: P,
  options: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  parseInput(definition.payload, payload, `Payload of job "${definition.name}"`);
  const now = ctx.now();

  // A job holding the key may finish between the insert and the look-up; the next insert then succeeds.
  for (let round = 0; round < 3; round++) {
    const inserted = await ctx.db
      .insert(jobs)
      .values({
        name: definition.name,
        payload: payload as unknown,
        maxAttempts: definition.maxAttempts,
        timeoutMs: definition.timeoutMs,
        runAt: options.runAt ?? now,
        singletonKey: options.singletonKey ?? null,
        enqueuedAt: now,
      })
      .onConflictDoNothing({ target: jobs.singletonKey, where: activeSingleton })
      .returning({ id: jobs.id });
    if (inserted.length > 0) {
      ctx.log.debug({ jobId: inserted[0].id, job: definition.name }, "job enqueued");
      return { id: String(inserted[0].id), created: true };
    }

    const [holder] = await ctx.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.singletonKey, options.singletonKey!), inArray(jobs.state, [...ACTIVE_STATES])));
    if (holder) return { id: String(holder.id), created: false };
  }
  throw new Error(`Could not enqueue job "${definition.name}": singleton key "${options.singletonKey}" kept changing hands.`);
}
