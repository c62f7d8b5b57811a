import { z } from "zod";
import { defineJob } from "../jobs";
import { foldAllExperiments } from "./fold";

export const FOLD_JOB = "experiments.fold";

/** Folds new prediction logs, labels, exposures and business events into every active experiment's statistics. */
export const foldExperimentsJob = defineJob({
  name: FOLD_JOB,
  payload: z.object({}).default({}),
  maxAttempts: 3,
  timeoutMs: 10 * 60_000,
  run: async (ctx) => {
    const results = await foldAllExperiments(ctx);
    ctx.log.info({ experiments: results.filter((result) => result.folded).length }, "experiments folded");
  },
});

/** The schedule of the fold job: every minute, so results lag the data by about a minute. */
export const FOLD_SCHEDULE = { key: FOLD_JOB, cron: "* * * * *", timezone: "UTC", job: FOLD_JOB, payload: {} };
