import { ADMIN } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { sendTestWebhook, webhookIdSchema } from "@/lib/webhooks";

// POST /api/v1/webhooks/{webhookId}/test — sends a webhook.test event at once and returns the attempt's outcome, for admins only.
export const POST = apiRoute({ access: ADMIN }, async (ctx, { params }) =>
  sendTestWebhook(ctx, { webhookId: parseInput(webhookIdSchema, params.webhookId, "Webhook id") }),
);
