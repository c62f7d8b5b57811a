import { z } from "zod";
import { defineJob } from "../jobs";
import { evaluateScalingPolicies } from "./evaluate";

/** Evaluates every active horizontal scaling policy once; a retry of the same minute stores nothing twice. */
export const evaluateScalingJob = defineJob({
  name: "scaling.evaluate",
  payload: z.object({}).default({}),
  maxAttempts: 3,
  timeoutMs: 5 * 60_000,
  run: async (ctx) => {
    await evaluateScalingPolicies(ctx, {});
  },
});

/** The schedule of the evaluation job: every minute, the resolution of the operational metrics. */
export const EVALUATE_SCALING_SCHEDULE = { key: "scaling.evaluate", cron: "* * * * *", timezone: "UTC", job: "scaling.evaluate", payload: {} };
