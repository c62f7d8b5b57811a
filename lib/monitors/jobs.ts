import { z } from "zod";
import { summarizePendingHours } from "../drift/summaries";
import { KeelError } from "../errors";
import { defineJob } from "../jobs";
import { runMonitor } from "./run";

/** Runs one drift monitor; each monitor has a schedule of its own (see `monitorScheduleKey`). */
export const runMonitorJob = defineJob({
  name: "drift.run-monitor",
  payload: z.object({ monitorId: z.number().int().positive() }),
  maxAttempts: 3,
  timeoutMs: 10 * 60_000,
  run: async (ctx, job) => {
    try {
      await runMonitor(ctx, { monitorId: job.payload.monitorId });
    } catch (error) {
      // A run queued before its monitor was deleted has nothing to do; retrying cannot change that.
      if (!(error instanceof KeelError && error.code === "not_found")) throw error;
      ctx.log.info({ monitorId: job.payload.monitorId, jobId: job.id }, "drift monitor no longer exists; run skipped");
    }
  },
});

/** Summarizes the hours of every endpoint whose logs changed, so drift windows merge summaries only. */
export const summarizeHoursJob = defineJob({
  name: "drift.summarize",
  payload: z.object({}).default({}),
  maxAttempts: 3,
  timeoutMs: 10 * 60_000,
  run: async (ctx) => {
    // Takes the oldest pending hours first, up to DEFAULT_MAX_HOURS; the next run takes any backlog left.
    await summarizePendingHours(ctx, {});
  },
});

/** The schedule of the summarize job: every five minutes. */
export const SUMMARIZE_SCHEDULE = { key: "drift.summarize", cron: "*/5 * * * *", timezone: "UTC", job: "drift.summarize", payload: {} };
