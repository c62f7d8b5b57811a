import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { authorize, type Access } from "../auth/access";
import type { Ctx } from "../context";
import { jobs, jobStates } from "../db/schema";
import { readSchedules } from "./schedules";

/** Reading jobs: engineers, or an API key with the `read` scope. */
export const JOBS_ACCESS: Access = { role: "engineer", scope: "read" };

export const listJobsSchema = z.strictObject({
  state: z.enum(jobStates).optional(),
  name: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListJobsInput = z.input<typeof listJobsSchema>;

export type JobSummary = {
  id: string;
  name: string;
  state: (typeof jobStates)[number];
  attempts: number;
  maxAttempts: number;
  payload: unknown;
  singletonKey: string | null;
  workerId: string | null;
  enqueuedAt: string;
  runAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  lastError: string | null;
};

export type ScheduleSummary = {
  key: string;
  cron: string;
  timezone: string;
  job: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastJobId: string | null;
};

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Lists the most recently enqueued jobs, newest first, optionally of one state or name. */
export async function listJobs(ctx: Ctx, input: ListJobsInput = {}): Promise<JobSummary[]> {
  authorize(ctx, JOBS_ACCESS);
  const query = listJobsSchema.parse(input);

  const filters: SQL[] = [];
  if (query.state) filters.push(eq(jobs.state, query.state));
  if (query.name) filters.push(eq(jobs.name, query.name));
  const rows = await ctx.db
    .select()
    .from(jobs)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(jobs.id))
    .limit(query.limit);

  return rows.map((row) => ({
    id: String(row.id),
    name: row.name,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    payload: row.payload,
    singletonKey: row.singletonKey,
    workerId: row.workerId,
    enqueuedAt: row.enqueuedAt.toISOString(),
    runAt: row.runAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    lastError: row.lastError,
  }));
}

/** Lists every schedule with its next due time. */
export async function listSchedules(ctx: Ctx): Promise<ScheduleSummary[]> {
  authorize(ctx, JOBS_ACCESS);
  const rows = await readSchedules(ctx.db);
  return rows.map((row) => ({
    key: row.key,
    cron: row.cron,
    timezone: row.timezone,
    job: row.job,
    enabled: row.enabled,
    nextRunAt: iso(row.nextRunAt),
    lastRunAt: iso(row.lastRunAt),
    lastJobId: row.lastJobId === null ? null : String(row.lastJobId),
  }));
}
