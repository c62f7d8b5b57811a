import { ADMIN } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { deleteWebhook, getWebhook, updateWebhook, updateWebhookSchema, webhookIdSchema } from "@/lib/webhooks";

const webhookId = (params: Record<string, string>) => parseInput(webhookIdSchema, params.webhookId, "Webhook id");

// GET /api/v1/webhooks/{webhookId} — reads one webhook without its signing secret, for admins only.
export const GET = apiRoute({ access: ADMIN }, async (ctx, { params }) => getWebhook(ctx, { webhookId: webhookId(params) }));

// PATCH /api/v1/webhooks/{webhookId} — changes name, URL, purpose, format, enabled or allowPrivateNetwork, for admins only.
export const PATCH = apiRoute({ access: ADMIN, body: updateWebhookSchema }, async (ctx, { body, params }) =>
  updateWebhook(ctx, { ...body, webhookId: webhookId(params) }),
);

// DELETE /api/v1/webhooks/{webhookId} — deletes a webhook and its deliveries, for admins only.
export const DELETE = apiRoute({ access: ADMIN }, async (ctx, { params }) => deleteWebhook(ctx, { webhookId: webhookId(params) }));
