import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { webhookDeliveries, webhooks } from "../db/schema";
import { KeelError } from "../errors";
import { enqueueJob } from "../jobs";
import { attemptWebhookDelivery, WEBHOOK_MAX_ATTEMPTS, type DeliveryAttempt, type DeliveryState } from "./deliver";
import { deliverWebhookJob } from "./job";
import { envelope, renderWebhookBody, type WebhookEvent } from "./payloads";
import type { WebhookPurpose } from "./schemas";

const ADMIN = { role: "admin", scope: "admin" } as const;

export type WebhookDeliverySummary = {
  id: string;
  webhookId: number;
  webhookName: string;
  eventType: string;
  payload: Record<string, unknown>;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  lastDurationMs: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

const summaryColumns = {
  id: webhookDeliveries.id,
  webhookId: webhookDeliveries.webhookId,
  webhookName: webhooks.name,
  eventType: webhookDeliveries.eventType,
  payload: webhookDeliveries.payload,
  state: webhookDeliveries.state,
  attempts: webhookDeliveries.attempts,
  maxAttempts: webhookDeliveries.maxAttempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastDurationMs: webhookDeliveries.lastDurationMs,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

type DeliveryTarget = Pick<typeof webhooks.$inferSelect, "id" | "format">;

async function insertDelivery(ctx: Ctx, target: DeliveryTarget, event: WebhookEvent, maxAttempts: number): Promise<string> {
  const id = randomUUID();
  const message = envelope(id, event, ctx.now());
  await ctx.db.insert(webhookDeliveries).values({
    id,
    webhookId: target.id,
    eventType: event.type,
    payload: message,
    body: renderWebhookBody(target.format, message),
    maxAttempts,
    nextAttemptAt: ctx.now(),
  });
  return id;
}

/**
 * Creates one delivery of `event` for every enabled webhook with `purpose` and enqueues a job for each.
 * Pass a context whose `db` is a transaction to make the deliveries part of the caller's write. Callers
 * authorize their own operation, because this function checks no role. Returns the new delivery ids.
 */
export async function enqueueWebhookDeliveries(ctx: Ctx, input: { purpose: WebhookPurpose; event: WebhookEvent }): Promise<string[]> {
  const targets = await ctx.db
    .select({ id: webhooks.id, format: webhooks.format })
    .from(webhooks)
    .where(and(eq(webhooks.purpose, input.purpose), eq(webhooks.enabled, true)));

  const deliveryIds: string[] = [];
  for (const target of targets) {
    const deliveryId = await insertDelivery(ctx, target, input.event, WEBHOOK_MAX_ATTEMPTS);
    const job = await enqueueJob(ctx, deliverWebhookJob, { deliveryId });
    await ctx.db.update(webhookDeliveries).set({ jobId: String(job.id) }).where(eq(webhookDeliveries.id, deliveryId));
    deliveryIds.push(deliveryId);
  }
  return deliveryIds;
}

/** Lists recent deliveries, newest first, of one webhook or of all. Admins only. */
export async function listWebhookDeliveries(ctx: Ctx, input: { webhookId?: number; limit?: number } = {}): Promise<WebhookDeliverySummary[]> {
  authorize(ctx, ADMIN);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);

  if (input.webhookId !== undefined) {
    const [webhook] = await ctx.db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, input.webhookId));
    if (!webhook) throw new KeelError("not_found", `Webhook ${input.webhookId} not found.`);
  }

  return ctx.db
    .select(summaryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(input.webhookId === undefined ? undefined : eq(webhookDeliveries.webhookId, input.webhookId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
}

/**
 * Sends a `webhook.test` event to one webhook at once, enabled or not, and returns the outcome of that
 * single attempt. Test sends are never retried. Admins only.
 */
export async function sendTestWebhook(ctx: Ctx, input: { webhookId: number }, options: { timeoutMs?: number } = {}): Promise<DeliveryAttempt> {
  authorize(ctx, ADMIN);
  const [webhook] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, input.webhookId));
  if (!webhook) throw new KeelError("not_found", `Webhook ${input.webhookId} not found.`);

  const event: WebhookEvent = {
    type: "webhook.test",
    data: {
      webhook: { id: webhook.id, name: webhook.name, purpose: webhook.purpose },
      message: "A test event sent from Keel's webhook settings. Verify its signature as for any other event.",
    },
  };
  const deliveryId = await insertDelivery(ctx, webhook, event, 1);
  const attempt = await attemptWebhookDelivery(ctx, deliveryId, { timeoutMs: options.timeoutMs, finalAttempt: true, sendWhenDisabled: true });
  if (!attempt) throw new KeelError("not_found", `Webhook ${input.webhookId} was deleted during the test send.`);
  return attempt;
}
