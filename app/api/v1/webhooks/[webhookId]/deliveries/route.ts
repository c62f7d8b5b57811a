import { z } from "zod";
import { ADMIN } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { listWebhookDeliveries, webhookIdSchema } from "@/lib/webhooks";

const querySchema = z.strictObject({
  limit: z.coerce.number({ error: "must be a whole number from 1 to 200" }).int().min(1).max(200).default(50),
});

// GET /api/v1/webhooks/{webhookId}/deliveries — lists the webhook's recent deliveries, newest first (?limit=, at most 200), for admins only.
export const GET = apiRoute({ access: ADMIN }, async (ctx, { params, url }) => {
  const query = parseInput(querySchema, Object.fromEntries(url.searchParams), "Query");
  const webhookId = parseInput(webhookIdSchema, params.webhookId, "Webhook id");
  return { deliveries: await listWebhookDeliveries(ctx, { webhookId, limit: query.limit }) };
});
