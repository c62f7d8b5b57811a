import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { silentLogger } from "@/test/fixtures";
import { eq } from "drizzle-orm";
import { defineJob, type JobRun, type JobSpec } from "../define";
import { startWorker, type Worker, type WorkerOptions } from "../worker";

export type Recorded = { id: string; attempt: number; payload: unknown };

let counter = 0;

/** Defines a job with a unique name whose handler records each call before running `behave`. */
export function recordingJob<P = { n: number }>(
  behave: (job: JobRun<P>) => Promise<void> = async () => undefined,
  spec: Partial<JobSpec<P>> = {},
) {
  const calls: Recorded[] = [];
  const definition = defineJob<P>({
    name: `test.job-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    payload: (spec.payload ?? z.strictObject({ n: z.number().int() })) as z.ZodType<P>,
    retryDelay: { baseMs: 5, maxMs: 20 },
    ...spec,
    run: async (_ctx, job) => {
      calls.push({ id: job.id, attempt: job.attempt, payload: job.payload });
      await behave(job);
    },
  });
  return { definition, calls };
}

/** Starts a worker with test timings; the caller stops it. */
export function testWorker(db: Db, options: Partial<WorkerOptions> = {}): Worker {
  return startWorker({ db, pollIntervalMs: 20, concurrency: 4, schedules: false, log: silentLogger, ...options });
}

export async function jobRow(db: Db, id: string | number) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, Number(id)));
  return row;
}

export async function countJobs(db: Db, where = sql`true`): Promise<number> {
  const result = await db.execute(sql`SELECT count(*)::int AS n FROM jobs WHERE ${where}`);
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}
