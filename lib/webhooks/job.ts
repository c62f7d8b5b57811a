import { z } from "zod";
import { defineJob, RetryJob } from "../jobs";
import { attemptWebhookDelivery, WEBHOOK_MAX_ATTEMPTS } from "./deliver";

/**
 * Delivers one webhook delivery, one attempt per job attempt. A retryable failure throws RetryJob with
 * the delivery's own backoff. Delivered and failed deliveries end the job normally, since the delivery row
 * already records the outcome that the webhook settings page shows.
 */
export const deliverWebhookJob = defineJob({
  name: "webhooks.deliver",
  payload: z.object({ deliveryId: z.uuid() }),
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  // One attempt is a 10 s request plus two small queries, so the lease leaves room for a slow database.
  timeoutMs: 60_000,
  run: async (ctx, job) => {
    const attempt = await attemptWebhookDelivery(ctx, job.payload.deliveryId, { finalAttempt: job.attempt >= WEBHOOK_MAX_ATTEMPTS });
    if (attempt?.state !== "pending") return;

    throw new RetryJob(`Webhook delivery ${attempt.deliveryId} attempt ${attempt.attempts} failed: ${attempt.error}`, {
      delayMs: attempt.retryInMs ?? undefined,
    });
  },
});
