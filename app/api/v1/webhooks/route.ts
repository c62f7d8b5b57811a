import { ADMIN } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { createWebhook, createWebhookSchema, listWebhooks } from "@/lib/webhooks";

// GET /api/v1/webhooks — lists webhooks without their signing secrets, for admins only.
export const GET = apiRoute({ access: ADMIN }, async (ctx) => ({ webhooks: await listWebhooks(ctx) }));

// POST /api/v1/webhooks — creates a webhook and returns its signing secret, the only time it is shown, for admins only.
export const POST = apiRoute({ access: ADMIN, body: createWebhookSchema }, async (ctx, { body }) =>
  Response.json(await createWebhook(ctx, body), { status: 201 }),
);
