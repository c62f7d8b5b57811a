import { apiRoute } from "@/lib/api/route";
import { revokeApiKey, revokeApiKeySchema } from "@/lib/auth/api-keys";
import { parseInput } from "@/lib/api/problems";

// DELETE /api/v1/api-keys/{keyId} — revokes a key at once; admins only.
export const DELETE = apiRoute({ access: { role: "admin", scope: "admin" } }, async (ctx, { params }) =>
  revokeApiKey(ctx, parseInput(revokeApiKeySchema, { keyId: Number(params.keyId) }, "Key id")),
);
