import { CronExpressionParser } from "cron-parser";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../api/problems";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import { jobSchedules } from "../db/schema";
import { KeelError } from "../errors";
import { definedJob, type JobDefinition } from "./define";
import { enqueueJob } from "./enqueue";

export const upsertScheduleSchema = z.strictObject({
  key: z.string().min(1).max(200),
  /** Five fields (minute to day of week) or six with seconds first, or a name such as `@daily`. */
  cron: z.string().trim().min(1),
  /** IANA time zone name, such as `UTC` or `Europe/Paris`. */
  timezone: z.string().min(1),
  job: z.string().min(1),
  payload: z.unknown(),
  enabled: z.boolean().optional(),
});
export type UpsertScheduleInput = z.input<typeof upsertScheduleSchema>;

/** Returns the first due time of `cron`, read in `timezone`, strictly after `after`. */
export function nextRunTime(cron: string, timezone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
}

/** Throws a 422 KeelError naming the field when `cron` or `timezone` is invalid. */
export function validateCron(cron: string, timezone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new KeelError("unprocessable", "Schedule is invalid.", [
      { path: "timezone", message: `unknown time zone "${timezone}"; use an IANA name such as "UTC" or "Europe/Paris"` },
    ]);
  }

  const fields = cron.trim().split(/\s+/).length;
  const named = cron.trim().startsWith("@");
  let problem = !named && (fields < 5 || fields > 6) ? `expected 5 or 6 fields, got ${fields}` : null;
  if (!problem) {
    try {
      nextRunTime(cron, timezone, new Date());
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  if (problem) {
    throw new KeelError("unprocessable", "Schedule is invalid.", [
      { path: "cron", message: `invalid cron expression "${cron}": ${problem}; use five fields such as "0 3 * * *"` },
    ]);
  }
}

async function findDefinition(name: string): Promise<JobDefinition<unknown> | undefined> {
  const defined = definedJob(name);
  if (defined) return defined;

  // Imported on use: the registry imports every domain's definitions, and those import this module.
  const { jobDefinitions } = await import("./registry");
  return jobDefinitions.find((definition) => definition.name === name);
}

/**
 * Creates or replaces the schedule `key`. Its next due time is recomputed only when the cron expression or
 * time zone changed or the schedule is enabled again, so saving an unchanged schedule never skips or
 * repeats a run. Callers check the acting user's role; this function does not.
 */
export async function upsertSchedule(ctx: Ctx, input: UpsertScheduleInput): Promise<void> {
  const schedule = parseInput(upsertScheduleSchema, input, "Schedule");
  validateCron(schedule.cron, schedule.timezone);

  const definition = await findDefinition(schedule.job);
  if (!definition) {
    throw new KeelError("unprocessable", "Schedule is invalid.", [{ path: "job", message: `no job is defined with the name "${schedule.job}"` }]);
  }
  parseInput(definition.payload, schedule.payload, `Payload of scheduled job "${schedule.job}"`);

  const enabled = schedule.enabled ?? true;
  const now = ctx.now();
  const nextRunAt = enabled ? nextRunTime(schedule.cron, schedule.timezone, now) : null;
  await ctx.db
    .insert(jobSchedules)
    .values({ key: schedule.key, cron: schedule.cron, timezone: schedule.timezone, job: schedule.job, payload: schedule.payload ?? null, enabled, nextRunAt, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: jobSchedules.key,
      set: {
        cron: sql`excluded.cron`,
        timezone: sql`excluded.timezone`,
        job: sql`excluded.job`,
        payload: sql`excluded.payload`,
        enabled: sql`excluded.enabled`,
        updatedAt: sql`excluded.updated_at`,
        nextRunAt: sql`CASE
          WHEN NOT excluded.enabled THEN NULL
          WHEN ${jobSchedules.nextRunAt} IS NULL OR ${jobSchedules.cron} <> excluded.cron OR ${jobSchedules.timezone} <> excluded.timezone
            THEN excluded.next_run_at
          ELSE ${jobSchedules.nextRunAt} END`,
      },
    });
}

/** Deletes the schedule `key` if it exists. Jobs it already enqueued still run. */
export async function removeSchedule(ctx: Ctx, key: string): Promise<void> {
  await ctx.db.delete(jobSchedules).where(eq(jobSchedules.key, key));
}

const SCHEDULES_PER_TICK = 100;

/**
 * Enqueues one job for every enabled, due schedule whose job is in `definitions`, then moves each schedule
 * to its first due time after now. Returns the number of jobs enqueued. A schedule that missed several due
 * times while no worker ran gets one run, for the earliest of them.
 *
 * Each due schedule row is locked (skipping rows another worker holds) and moved on in the same
 * transaction that enqueues its job, so when several workers tick at once each due time is enqueued once.
 * The job's singleton key `schedule:<key>:<due time>` guards the same rule again in the jobs table.
 */
export async function enqueueDueSchedules(ctx: Ctx, definitions: ReadonlyMap<string, JobDefinition<unknown>>): Promise<number> {
  if (definitions.size === 0) return 0;
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(jobSchedules)
      .where(and(eq(jobSchedules.enabled, true), lte(jobSchedules.nextRunAt, now), inArray(jobSchedules.job, [...definitions.keys()])))
      .orderBy(asc(jobSchedules.nextRunAt))
      .limit(SCHEDULES_PER_TICK)
      .for("update", { skipLocked: true });

    let enqueued = 0;
    for (const schedule of due) {
      const dueAt = schedule.nextRunAt!;
      const log = ctx.log.child({ schedule: schedule.key, job: schedule.job, dueAt: dueAt.toISOString() });

      let nextRunAt: Date | null = null;
      try {
        nextRunAt = nextRunTime(schedule.cron, schedule.timezone, now);
      } catch (error) {
        log.error({ err: error }, "schedule has an invalid cron expression or time zone; disabled it");
      }

      let jobId: number | null = null;
      try {
        const result = await enqueueJob({ ...ctx, db: tx as unknown as Db }, definitions.get(schedule.job)!, schedule.payload, {
          singletonKey: `schedule:${schedule.key}:${dueAt.toISOString()}`,
        });
        jobId = Number(result.id);
        if (result.created) enqueued++;
      } catch (error) {
        // An invalid payload fails the same way at every due time, so the run is skipped, not retried.
        log.error({ err: error }, "could not enqueue a scheduled job; skipped this run");
      }

      await tx
        .update(jobSchedules)
        .set({
          nextRunAt,
          enabled: nextRunAt !== null,
          ...(jobId !== null ? { lastRunAt: dueAt, lastJobId: jobId } : {}),
        })
        .where(eq(jobSchedules.key, schedule.key));
    }
    return enqueued;
  });
}

/** Reads every schedule, ordered by next due time with disabled schedules last. */
export async function readSchedules(db: Db) {
  return db.select().from(jobSchedules).orderBy(sql`${jobSchedules.nextRunAt} ASC NULLS LAST`, asc(jobSchedules.key));
}
