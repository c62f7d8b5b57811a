import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const jobStates = ["queued", "running", "succeeded", "failed"] as const;
export const jobStateEnum = pgEnum("job_state", jobStates);

// One row per job. A retry reuses the row: `attempts` counts the attempts started so far. While a job is
// running, `worker_id` and `locked_until` are the lease of its latest attempt.
export const jobs = pgTable(
  "jobs",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    state: jobStateEnum().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    /** Lease length of each attempt, in milliseconds. */
    timeoutMs: integer().notNull(),
    /** The earliest time the next attempt may start. */
    runAt: timestamp({ withTimezone: true }).notNull(),
    singletonKey: text(),
    /** The worker that runs or ran the latest attempt. */
    workerId: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    /** Duration of the latest finished attempt, in milliseconds. */
    durationMs: integer(),
    enqueuedAt: timestamp({ withTimezone: true }).notNull(),
    /** Start of the latest attempt. */
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex("jobs_singleton_key_active").on(table.singletonKey).where(sql`${table.state} IN ('queued', 'running')`),
    index("jobs_queued_run_at").on(table.runAt).where(sql`${table.state} = 'queued'`),
    index("jobs_running_locked_until").on(table.lockedUntil).where(sql`${table.state} = 'running'`),
    index("jobs_finished_at").on(table.finishedAt).where(sql`${table.state} IN ('succeeded', 'failed')`),
    index().on(table.state, table.id),
  ],
);

// A cron schedule enqueues one job of `job` with `payload` per due time. `next_run_at` is the next due
// time, in UTC; it is null while the schedule is disabled.
export const jobSchedules = pgTable(
  "job_schedules",
  {
    key: text().primaryKey(),
    cron: text().notNull(),
    /** IANA time zone name that the cron fields are read in, such as `Europe/Paris`. */
    timezone: text().notNull(),
    job: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    enabled: boolean().notNull().default(true),
    nextRunAt: timestamp({ withTimezone: true }),
    /** The due time of the last run enqueued, and that run's job. */
    lastRunAt: timestamp({ withTimezone: true }),
    lastJobId: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.nextRunAt).where(sql`${table.enabled}`)],
);
