import { desc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import { config } from "../config";
import type { Ctx } from "../context";
import { auditLog, webhooks } from "../db/schema";
import { KeelError } from "../errors";
import { createWebhookSchema, updateWebhookSchema, type CreateWebhookInput, type UpdateWebhookInput, type WebhookFormat, type WebhookPurpose } from "./schemas";
import { encryptSigningSecret, generateSigningSecret } from "./secrets";
import { assertWebhookUrlAllowed } from "./ssrf";

// Webhooks make Keel send requests to URLs that their creator chooses, so every operation here is for
// admins (users with the admin role, or API keys with the admin scope).
const ADMIN = { role: "admin", scope: "admin" } as const;

/** A webhook as lists and responses show it, never with its signing secret. */
export type WebhookSummary = {
  id: number;
  name: string;
  url: string;
  purpose: WebhookPurpose;
  format: WebhookFormat;
  enabled: boolean;
  allowPrivateNetwork: boolean;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
};

const summaryColumns = {
  id: webhooks.id,
  name: webhooks.name,
  url: webhooks.url,
  purpose: webhooks.purpose,
  format: webhooks.format,
  enabled: webhooks.enabled,
  allowPrivateNetwork: webhooks.allowPrivateNetwork,
  createdBy: webhooks.createdBy,
  updatedBy: webhooks.updatedBy,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
};

function actingUserId(ctx: Ctx): number | null {
  return ctx.actor.type === "user" ? ctx.actor.userId : null;
}

/**
 * Creates a webhook with a new signing secret and returns the secret with it. This is the only time the
 * secret is returned. Rejects URLs that resolve to private addresses unless allowPrivateNetwork is set.
 */
export async function createWebhook(ctx: Ctx, input: CreateWebhookInput): Promise<WebhookSummary & { secret: string }> {
  authorize(ctx, ADMIN);
  const values = parseInput(createWebhookSchema, input);
  await assertWebhookUrlAllowed(values.url, { allowPrivateNetwork: values.allowPrivateNetwork });

  const secret = generateSigningSecret();
  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        ...values,
        secretCiphertext: encryptSigningSecret(secret, config().secret),
        createdBy: actingUserId(ctx),
        updatedBy: actingUserId(ctx),
      })
      .returning(summaryColumns);
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "webhook.created",
      targetType: "webhook",
      targetId: String(row.id),
      details: { name: row.name, url: row.url, purpose: row.purpose, format: row.format, allowPrivateNetwork: row.allowPrivateNetwork },
    });
    return row;
  });

  ctx.log.info({ webhookId: created.id, purpose: created.purpose }, "webhook created");
  return { ...created, secret };
}

export async function listWebhooks(ctx: Ctx): Promise<WebhookSummary[]> {
  authorize(ctx, ADMIN);
  return ctx.db.select(summaryColumns).from(webhooks).orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

/** Returns one webhook, or throws `not_found`. */
export async function getWebhook(ctx: Ctx, input: { webhookId: number }): Promise<WebhookSummary> {
  authorize(ctx, ADMIN);
  const [row] = await ctx.db.select(summaryColumns).from(webhooks).where(eq(webhooks.id, input.webhookId));
  if (!row) throw new KeelError("not_found", `Webhook ${input.webhookId} not found.`);
  return row;
}

/**
 * Changes a webhook's name, URL, purpose, format, enabled flag or private-network permission. A new URL,
 * or withdrawing the permission, checks the URL again.
 */
export async function updateWebhook(ctx: Ctx, input: { webhookId: number } & UpdateWebhookInput): Promise<WebhookSummary> {
  authorize(ctx, ADMIN);
  const { webhookId, ...changes } = input;
  const values = parseInput(updateWebhookSchema, changes);
  const current = await getWebhook(ctx, { webhookId });

  const url = values.url ?? current.url;
  const allowPrivateNetwork = values.allowPrivateNetwork ?? current.allowPrivateNetwork;
  if (url !== current.url || allowPrivateNetwork !== current.allowPrivateNetwork) {
    await assertWebhookUrlAllowed(url, { allowPrivateNetwork });
  }

  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhooks)
      .set({ ...values, updatedBy: actingUserId(ctx), updatedAt: ctx.now() })
      .where(eq(webhooks.id, webhookId))
      .returning(summaryColumns);
    if (!updated) throw new KeelError("not_found", `Webhook ${webhookId} not found.`);

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "webhook.updated",
      targetType: "webhook",
      targetId: String(webhookId),
      details: { changes: values },
    });
    return updated;
  });
}

/** Deletes a webhook with its deliveries. Queued delivery jobs then find nothing to send. */
export async function deleteWebhook(ctx: Ctx, input: { webhookId: number }): Promise<WebhookSummary> {
  authorize(ctx, ADMIN);

  return ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(webhooks).where(eq(webhooks.id, input.webhookId)).returning(summaryColumns);
    if (!deleted) throw new KeelError("not_found", `Webhook ${input.webhookId} not found.`);

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: String(deleted.id),
      details: { name: deleted.name, url: deleted.url },
    });
    return deleted;
  });
}
