import { and, eq } from "drizzle-orm";
import { config } from "../config";
import type { Ctx } from "../context";
import { webhookDeliveries, webhooks } from "../db/schema";
import { metrics } from "../observability/metrics";
import { decryptSigningSecret } from "./secrets";
import { postWebhook } from "./send";

/** Attempts per delivery, the first included. With the delays below, retries span up to about an hour. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;
const BACKOFF_MIN_MS = 1_000;

/**
 * Returns the delay before the attempt after `attempt` (1-based): "full jitter", a uniform random delay
 * between 0 and min(max, base * 2^(attempt - 1)), so that receivers recovering from an outage are not hit
 * by every sender at once. A receiver's Retry-After is honoured up to the same maximum.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null = null, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  const jittered = Math.max(BACKOFF_MIN_MS, Math.floor(random() * ceiling));
  return Math.min(BACKOFF_MAX_MS, Math.max(jittered, retryAfterMs ?? 0));
}

export type DeliveryState = "pending" | "delivered" | "failed";

/** The result of one delivery attempt as stored on the delivery row. */
export type DeliveryAttempt = {
  deliveryId: string;
  webhookId: number;
  state: DeliveryState;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  /** When the next attempt is due, or null unless the state is still pending. */
  nextAttemptAt: Date | null;
  /** The delay before the next attempt, or null unless the state is still pending. */
  retryInMs: number | null;
};

export type AttemptOptions = {
  /** Request timeout in milliseconds, 10 s unless a test needs a shorter one. */
  timeoutMs?: number;
  /** Marks the delivery failed after this attempt even when the error is retryable. */
  finalAttempt?: boolean;
  /** Sends even when the webhook is disabled, for test sends. Other deliveries of a disabled webhook fail. */
  sendWhenDisabled?: boolean;
};

/**
 * Makes one attempt at a pending delivery and stores its outcome: a 2xx response delivers it, a timeout,
 * network error, 3xx, 429 or 5xx leaves it pending with a next attempt time until its maximum attempts,
 * and any other response fails it at once. Returns null when the delivery no longer exists (its webhook
 * was deleted). A delivery that is no longer pending is returned unchanged without a request.
 */
export async function attemptWebhookDelivery(ctx: Ctx, deliveryId: string, options: AttemptOptions = {}): Promise<DeliveryAttempt | null> {
  const [row] = await ctx.db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row) return null;

  const { delivery, webhook } = row;
  if (delivery.state !== "pending") return attemptFromRow(delivery);
  if (!webhook.enabled && !options.sendWhenDisabled) return finish(ctx, delivery, { state: "failed", error: "The webhook was disabled before this delivery was sent." });

  let secret: string;
  try {
    secret = decryptSigningSecret(webhook.secretCiphertext, config().secret);
  } catch (error) {
    ctx.log.error({ err: error, webhookId: webhook.id, deliveryId }, "webhook signing secret cannot be decrypted");
    return finish(ctx, delivery, {
      state: "failed",
      error: "The signing secret cannot be decrypted, most likely because KEEL_SECRET changed; delete and recreate this webhook.",
    });
  }

  const response = await postWebhook({
    url: webhook.url,
    body: delivery.body,
    eventType: delivery.eventType,
    deliveryId: delivery.id,
    secret,
    allowPrivateNetwork: webhook.allowPrivateNetwork,
    timeoutMs: options.timeoutMs,
  });

  const attempts = delivery.attempts + 1;
  const outcome = { statusCode: response.statusCode, error: response.error, durationMs: response.durationMs };
  if (response.ok) {
    metrics().webhookDeliveries.inc({ outcome: "delivered" });
    return finish(ctx, delivery, { ...outcome, state: "delivered" });
  }

  const canRetry = response.retryable && !options.finalAttempt && attempts < delivery.maxAttempts;
  const log = { webhookId: webhook.id, deliveryId, attempts, statusCode: response.statusCode, error: response.error };
  if (!canRetry) {
    metrics().webhookDeliveries.inc({ outcome: "failed" });
    ctx.log.warn(log, "webhook delivery failed");
    return finish(ctx, delivery, { ...outcome, state: "failed" });
  }

  const retryInMs = retryDelayMs(attempts, response.retryAfterMs);
  metrics().webhookDeliveries.inc({ outcome: "retrying" });
  ctx.log.info({ ...log, retryInMs }, "webhook delivery attempt failed; retrying");
  return finish(ctx, delivery, { ...outcome, state: "pending", retryInMs });
}

type Outcome = {
  state: DeliveryState;
  statusCode?: number | null;
  error: string | null;
  durationMs?: number;
  retryInMs?: number;
};

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

// Stores an attempt only if no other run stored one since this run read the row, so a job that two
// workers run at once (after a lease expired) counts each attempt once.
async function finish(ctx: Ctx, delivery: DeliveryRow, outcome: Outcome): Promise<DeliveryAttempt> {
  const now = ctx.now();
  const nextAttemptAt = outcome.state === "pending" && outcome.retryInMs !== undefined ? new Date(now.getTime() + outcome.retryInMs) : null;
  const attempted = outcome.durationMs !== undefined;

  const [updated] = await ctx.db
    .update(webhookDeliveries)
    .set({
      state: outcome.state,
      attempts: attempted ? delivery.attempts + 1 : delivery.attempts,
      lastStatusCode: outcome.statusCode ?? null,
      lastError: outcome.error,
      lastAttemptAt: attempted ? now : delivery.lastAttemptAt,
      lastDurationMs: outcome.durationMs ?? null,
      nextAttemptAt,
      deliveredAt: outcome.state === "delivered" ? now : null,
    })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.state, "pending"), eq(webhookDeliveries.attempts, delivery.attempts)))
    .returning();
  if (updated) return attemptFromRow(updated, outcome.retryInMs ?? null);

  const [current] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
  return attemptFromRow(current ?? delivery);
}

function attemptFromRow(row: DeliveryRow, retryInMs: number | null = null): DeliveryAttempt {
  return {
    deliveryId: row.id,
    webhookId: row.webhookId,
    state: row.state,
    attempts: row.attempts,
    statusCode: row.lastStatusCode,
    error: row.lastError,
    durationMs: row.lastDurationMs,
    nextAttemptAt: row.state === "pending" ? row.nextAttemptAt : null,
    retryInMs: row.state === "pending" ? retryInMs : null,
  };
}
