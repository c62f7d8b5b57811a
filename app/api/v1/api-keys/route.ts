import { apiRoute } from "@/lib/api/route";
import { ADMIN } from "@/lib/api/access";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/auth/api-keys";

// GET /api/v1/api-keys — lists API keys without their secret values; admins only.
export const GET = apiRoute({ access: ADMIN }, async (ctx) => ({ apiKeys: await listApiKeys(ctx) }));

// POST /api/v1/api-keys — creates a key and returns it in full, the only time it is shown; admins only.
export const POST = apiRoute({ access: ADMIN, body: createApiKeySchema }, async (ctx, { body }) =>
  Response.json(await createApiKey(ctx, body), { status: 201 }),
);
