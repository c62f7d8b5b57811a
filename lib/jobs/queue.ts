import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

// The queue's state transitions, each one atomic statement. Every transition out of "running" is fenced:
// it applies only while the row still carries the worker id and attempt number of the caller's lease. A
// worker whose lease expired and was taken over therefore records nothing. Times come from the caller's
// clock, not the database's, so clock skew between worker hosts lengthens or shortens leases by that much.

/** A job claimed by a worker, with the lease that fences its result. */
export type ClaimedJob = {
  id: number;
  name: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  timeoutMs: number;
  workerId: string;
};

type Rows<T> = { rows: T[] };

const MAX_ERROR_LENGTH = 4_000;

function timestamp(value: Date) {
  return sql`${value.toISOString()}::timestamptz`;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as Rows<T>).rows;
}

/**
 * Claims up to `limit` runnable jobs named in `names`: queued jobs whose run time has come, and running
 * jobs of other workers whose lease expired with attempts left. A worker's own expired attempts are left
 * to its timeout handling. Rows locked by another claimer are skipped, so concurrent workers never claim
 * the same attempt.
 */
export async function claimJobs(
  db: Db,
  input: { workerId: string; names: string[]; limit: number; now: Date },
): Promise<ClaimedJob[]> {
  if (input.names.length === 0 || input.limit < 1) return [];
  const now = timestamp(input.now);

  const result = await db.execute(sql`
    WITH candidates AS (
      SELECT id FROM jobs
      WHERE name IN ${input.names}
        AND ((state = 'queued' AND run_at <= ${now})
          OR (state = 'running' AND locked_until <= ${now} AND attempts < max_attempts AND worker_id <> ${input.workerId}))
      ORDER BY run_at, id
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs SET
      state = 'running',
      attempts = jobs.attempts + 1,
      worker_id = ${input.workerId},
      locked_until = ${now} + jobs.timeout_ms * interval '1 millisecond',
      started_at = ${now},
      last_error = CASE WHEN jobs.state = 'running'
        THEN format('Lease expired: worker %s did not finish attempt %s within %s ms.', jobs.worker_id, jobs.attempts, jobs.timeout_ms)
        ELSE jobs.last_error END
    FROM candidates
    WHERE jobs.id = candidates.id
    RETURNING jobs.id, jobs.name, jobs.payload, jobs.attempts, jobs.max_attempts, jobs.timeout_ms`);

  return rowsOf<{ id: number | string; name: string; payload: unknown; attempts: number; max_attempts: number; timeout_ms: number }>(result)
    .map((row) => ({
      id: Number(row.id),
      name: row.name,
      payload: row.payload,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      timeoutMs: row.timeout_ms,
      workerId: input.workerId,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Fails running jobs of workers other than `workerId` whose lease expired on their last allowed attempt;
 * returns how many. Their worker stopped or hung, and no attempt is left to run them again.
 */
export async function failExpiredLeases(db: Db, input: { workerId: string; now: Date }): Promise<number> {
  const now = timestamp(input.now);
  const result = await db.execute(sql`
    UPDATE jobs SET
      state = 'failed',
      finished_at = ${now},
      locked_until = NULL,
      last_error = format('Lease expired: worker %s did not finish attempt %s of %s within %s ms.', worker_id, attempts, max_attempts, timeout_ms)
    WHERE state = 'running' AND locked_until <= ${now} AND attempts >= max_attempts AND worker_id <> ${input.workerId}
    RETURNING id`);
  return rowsOf(result).length;
}

/** Records a successful attempt; returns false, recording nothing, when `job`'s lease has been taken over. */
export async function completeJob(db: Db, job: ClaimedJob, input: { now: Date; durationMs: number }): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE jobs SET state = 'succeeded', finished_at = ${timestamp(input.now)}, locked_until = NULL,
      duration_ms = ${Math.round(input.durationMs)}
    WHERE id = ${job.id} AND state = 'running' AND worker_id = ${job.workerId} AND attempts = ${job.attempt}
    RETURNING id`);
  return rowsOf(result).length === 1;
}

/**
 * Records a failed attempt with its error. With `retryAt`, queues the job again for that time; without
 * it, the job fails for good. Returns "lost", recording nothing, when `job`'s lease has been taken over.
 */
export async function failJob(
  db: Db,
  job: ClaimedJob,
  input: { now: Date; durationMs: number | null; error: string; retryAt: Date | null },
): Promise<"retrying" | "failed" | "lost"> {
  const error = input.error.length > MAX_ERROR_LENGTH ? `${input.error.slice(0, MAX_ERROR_LENGTH - 1)}…` : input.error;
  const durationMs = input.durationMs === null ? null : Math.round(input.durationMs);
  const fence = sql`id = ${job.id} AND state = 'running' AND worker_id = ${job.workerId} AND attempts = ${job.attempt}`;

  const result = input.retryAt
    ? await db.execute(sql`
        UPDATE jobs SET state = 'queued', run_at = ${timestamp(input.retryAt)}, locked_until = NULL,
          last_error = ${error}, duration_ms = ${durationMs}
        WHERE ${fence} RETURNING id`)
    : await db.execute(sql`
        UPDATE jobs SET state = 'failed', finished_at = ${timestamp(input.now)}, locked_until = NULL,
          last_error = ${error}, duration_ms = ${durationMs}
        WHERE ${fence} RETURNING id`);

  if (rowsOf(result).length === 0) return "lost";
  return input.retryAt ? "retrying" : "failed";
}

/**
 * Puts a running attempt back in the queue to run at once, without counting it as an attempt, so that
 * another worker can take it when this one stops. Returns false when `job`'s lease has been taken over.
 */
export async function releaseJob(db: Db, job: ClaimedJob, input: { now: Date }): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE jobs SET state = 'queued', run_at = ${timestamp(input.now)}, locked_until = NULL,
      attempts = attempts - 1, worker_id = NULL
    WHERE id = ${job.id} AND state = 'running' AND worker_id = ${job.workerId} AND attempts = ${job.attempt}
    RETURNING id`);
  return rowsOf(result).length === 1;
}
