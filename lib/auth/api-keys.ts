import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiKeyScopes, type ApiKeyScope, type Ctx } from "../context";
import type { Db } from "../db/client";
import { apiKeys, auditLog } from "../db/schema";
import { KeelError } from "../errors";
import { actorColumns } from "../audit";
import { authorize } from "./access";

export const API_KEY_PREFIX = "keel_";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1, "choose at least one scope").transform((s) => [...new Set(s)]),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export type ApiKeySummary = {
  id: number;
  name: string;
  displayPrefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  displayPrefix: apiKeys.displayPrefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key and returns it in full; this is the only time the key is available. Admins only. */
export async function createApiKey(ctx: Ctx, input: CreateApiKeyInput): Promise<ApiKeySummary & { key: string }> {
  authorize(ctx, { role: "admin", scope: "admin" });
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");

  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        displayPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hashApiKey(key),
        scopes: input.scopes,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      })
      .returning(summaryColumns);
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "api_key.created",
      targetType: "api_key",
      targetId: String(created.id),
      details: { name: created.name, scopes: created.scopes },
    });
    return { ...created, key };
  });
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKeySummary[]> {
  authorize(ctx, { role: "admin", scope: "admin" });
  return ctx.db.select(summaryColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt));
}

export const revokeApiKeySchema = z.object({ keyId: z.number().int().positive() });

/**
 * Revokes a key. This process drops it from its cache of verified keys when the revocation commits, and
 * other Keel processes reject it within one second, the cache's lifetime. Revoking an already revoked key
 * changes nothing. Admins only.
 */
export async function revokeApiKey(ctx: Ctx, input: z.infer<typeof revokeApiKeySchema>): Promise<ApiKeySummary> {
  authorize(ctx, { role: "admin", scope: "admin" });

  const summary = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select(summaryColumns).from(apiKeys).where(eq(apiKeys.id, input.keyId)).for("update");
    if (!current) throw new KeelError("not_found", `API key ${input.keyId} not found.`);
    if (current.revokedAt) return current;

    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now() })
      .where(eq(apiKeys.id, input.keyId))
      .returning(summaryColumns);
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: String(revoked.id),
      details: { name: revoked.name },
    });
    return revoked;
  });
  forgetVerifiedKey(summary.id);
  return summary;
}

/** Resolves a presented key to its id and scopes; null for unknown or revoked keys. */
export async function authenticateApiKey(db: Db, key: string): Promise<{ keyId: number; scopes: ApiKeyScope[] } | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;

  const presentedHash = hashApiKey(key);
  const cached = verifiedKeys.get(presentedHash);
  if (cached && cached.expiresAt > Date.now()) return { keyId: cached.keyId, scopes: cached.scopes };

  const [row] = await db
    .select({ id: apiKeys.id, keyHash: apiKeys.keyHash, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, presentedHash), isNull(apiKeys.revokedAt)));
  if (!row) return null;

  // The lookup searches by the SHA-256 of the presented key, so its timing depends on the hash of the
  // guess. An attacker cannot steer that hash towards a stored one, which makes a hash lookup safe where
  // a lookup by the key itself would leak the key byte by byte. The constant-time comparison keeps the
  // final check free of timing differences in case the lookup is ever changed to a prefix search.
  const matches = timingSafeEqual(Buffer.from(row.keyHash, "hex"), Buffer.from(presentedHash, "hex"));
  if (!matches) return null;

  // Best-effort bookkeeping at most once a minute per key, so busy ingest keys do not write on every call.
  const stale = !row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000;
  if (stale) void db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiKeys.id, row.id))
    .catch(() => undefined);
  rememberVerifiedKey(presentedHash, row.id, row.scopes);
  return { keyId: row.id, scopes: row.scopes };
}

/**
 * Keys verified in the last VERIFIED_KEY_TTL_MS, by hash, so a busy client does not cost a query per
 * request. Revoking a key clears it here at once; another process accepts a revoked key for at most
 * VERIFIED_KEY_TTL_MS after the revocation commits.
 */
const VERIFIED_KEY_TTL_MS = 1_000;
const MAX_VERIFIED_KEYS = 10_000;
// On globalThis because Next.js bundles instrumentation.ts apart from the routes: the ingest path of
// scripts/serve.mjs checks keys with its own copy of this module, and a revocation through a route must
// clear the cache that copy reads.
const globalForKeys = globalThis as typeof globalThis & {
  keelVerifiedKeys?: Map<string, { keyId: number; scopes: ApiKeyScope[]; expiresAt: number }>;
};
const verifiedKeys = (globalForKeys.keelVerifiedKeys ??= new Map());

function rememberVerifiedKey(hash: string, keyId: number, scopes: ApiKeyScope[]): void {
  if (verifiedKeys.size >= MAX_VERIFIED_KEYS) verifiedKeys.clear();
  verifiedKeys.set(hash, { keyId, scopes, expiresAt: Date.now() + VERIFIED_KEY_TTL_MS });
}

function forgetVerifiedKey(keyId: number): void {
  for (const [hash, entry] of verifiedKeys) if (entry.keyId === keyId) verifiedKeys.delete(hash);
}
