import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { defineJob } from "./define";

export const JOB_RETENTION_DAYS = 14;
const DELETE_BATCH = 5_000;

/** Deletes succeeded and failed jobs that finished before `olderThan`, in batches; returns how many. */
export async function pruneFinishedJobs(ctx: Ctx, input: { olderThan: Date }): Promise<number> {
  const cutoff = sql`${input.olderThan.toISOString()}::timestamptz`;
  let deleted = 0;
  for (;;) {
    const result = await ctx.db.execute(sql`
      DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE state IN ('succeeded', 'failed') AND finished_at < ${cutoff} LIMIT ${DELETE_BATCH}
      ) RETURNING id`);
    const count = (result as unknown as { rows: unknown[] }).rows.length;
    deleted += count;
    if (count < DELETE_BATCH) return deleted;
  }
}

/** Deletes finished jobs older than the retention period; the worker schedules it daily. */
export const pruneJobsJob = defineJob({
  name: "jobs.prune",
  payload: z.strictObject({}),
  maxAttempts: 3,
  run: async (ctx) => {
    const olderThan = new Date(ctx.now().getTime() - JOB_RETENTION_DAYS * 24 * 60 * 60_000);
    const deleted = await pruneFinishedJobs(ctx, { olderThan });
    ctx.log.info({ deleted, olderThan: olderThan.toISOString() }, "pruned finished jobs");
  },
});

export const PRUNE_SCHEDULE = { key: "jobs.prune", cron: "17 3 * * *", timezone: "UTC", job: pruneJobsJob.name, payload: {} };
