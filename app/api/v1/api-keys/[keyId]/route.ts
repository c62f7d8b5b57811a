import { ADMIN } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { revokeApiKey, revokeApiKeySchema } from "@/lib/auth/api-keys";
import { parseInput } from "@/lib/api/problems";

// DELETE /api/v1/api-keys/{keyId} — revokes a key at once; admins only.
export const DELETE = apiRoute({ access: ADMIN }, async (ctx, { params }) =>
  revokeApiKey(ctx, parseInput(revokeApiKeySchema, { keyId: Number(params.keyId) }, "Key id")),
);
