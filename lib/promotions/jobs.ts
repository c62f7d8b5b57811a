import { eq } from "drizzle-orm";
import { z } from "zod";
import { promotionRequests } from "../db/schema";
import { defineJob, enqueueJob } from "../jobs";
import { expirePromotionRequests } from "./decisions";
import { evaluatePromotionChecks } from "./evaluate";

/** Runs the checks of one pending promotion request. */
export const evaluateChecksJob = defineJob({
  name: "promotions.evaluate",
  payload: z.object({ requestId: z.number().int().positive() }),
  maxAttempts: 3,
  timeoutMs: 10 * 60_000,
  run: async (ctx, job) => {
    await evaluatePromotionChecks(ctx, { requestId: job.payload.requestId });
  },
});

/**
 * Queues the checks of every pending request again, so that they see new shadow predictions, labels and
 * reviews. A request whose evaluation is still queued or running is skipped by its singleton key.
 */
export const reevaluatePendingJob = defineJob({
  name: "promotions.reevaluate-pending",
  payload: z.object({}).default({}),
  maxAttempts: 1,
  run: async (ctx) => {
    const pending = await ctx.db.select({ id: promotionRequests.id }).from(promotionRequests).where(eq(promotionRequests.state, "pending"));
    for (const request of pending) {
      await enqueueJob(ctx, evaluateChecksJob, { requestId: request.id }, { singletonKey: `promotions.evaluate:${request.id}` });
    }
  },
});

/** Expires pending requests past their expiry time. */
export const expirePromotionsJob = defineJob({
  name: "promotions.expire",
  payload: z.object({}).default({}),
  maxAttempts: 3,
  run: async (ctx) => {
    const expired = await expirePromotionRequests(ctx);
    if (expired.length > 0) ctx.log.info({ promotionIds: expired }, "promotion requests expired");
  },
});

export const REEVALUATE_SCHEDULE = { key: "promotions.reevaluate-pending", cron: "* * * * *", timezone: "UTC", job: "promotions.reevaluate-pending", payload: {} };
export const EXPIRE_SCHEDULE = { key: "promotions.expire", cron: "* * * * *", timezone: "UTC", job: "promotions.expire", payload: {} };
