import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestUser, systemCtx } from "@/test/fixtures";
import { apiKeys, auditLog } from "../../db/schema";
import {
  API_KEY_PREFIX,
  authenticateApiKey,
  createApiKey,
  createApiKeySchema,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from "../api-keys";

const database = useTestDb();

describe("createApiKey", () => {
  it("returns a keel_ key with its display prefix", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "ingest from CI", scopes: ["ingest"] });

    expect(created.key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(API_KEY_PREFIX).toBe("keel_");
    // 32 random bytes in base64url are 43 characters.
    expect(created.key).toMatch(/^keel_[A-Za-z0-9_-]{43}$/);
    expect(created.displayPrefix).toBe(created.key.slice(0, API_KEY_PREFIX.length + 6));
    expect(created.scopes).toEqual(["ingest"]);
    expect(created.revokedAt).toBeNull();
  });

  it("stores only the SHA-256 hash of the key", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "hash check", scopes: ["read"] });

    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain(created.key);
    }
  });

  it("records the creating user and an audit row", async () => {
    const admin = await createTestUser(database.db, "admin");

    const created = await createApiKey(admin.ctx, { name: "audited", scopes: ["read", "ingest"] });

    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row.createdBy).toBe(admin.user.id);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, String(created.id)));
    const creation = audit.find((entry) => entry.action === "api_key.created");
    expect(creation).toMatchObject({ actorType: "user", actorId: admin.user.id, targetType: "api_key" });
    expect(JSON.stringify(creation?.details)).not.toContain(created.key);
  });

  it("gives every key a different value", async () => {
    const first = await createApiKey(systemCtx(database.db), { name: "same name", scopes: ["read"] });
    const second = await createApiKey(systemCtx(database.db), { name: "same name", scopes: ["read"] });

    expect(second.key).not.toBe(first.key);
  });
});

describe("createApiKeySchema", () => {
  it("removes repeated scopes", () => {
    expect(createApiKeySchema.parse({ name: "k", scopes: ["read", "read", "ingest"] }).scopes).toEqual(["read", "ingest"]);
  });

  it.each([
    ["no scopes", { name: "k", scopes: [] }, "choose at least one scope"],
    ["an unknown scope", { name: "k", scopes: ["write"] }, ""],
    ["an empty name", { name: "  ", scopes: ["read"] }, "must not be empty"],
  ])("rejects %s", (_case, input, message) => {
    const parsed = createApiKeySchema.safeParse(input);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toContain(message);
  });
});

describe("authenticateApiKey", () => {
  it("resolves a created key to its id and scopes", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "auth", scopes: ["ingest", "read"] });

    expect(await authenticateApiKey(database.db, created.key)).toEqual({ keyId: created.id, scopes: ["ingest", "read"] });
  });

  it("rejects a revoked key", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "to revoke", scopes: ["admin"] });
    await revokeApiKey(systemCtx(database.db), { keyId: created.id });

    expect(await authenticateApiKey(database.db, created.key)).toBeNull();
  });

  it("rejects a cached key once revoked", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "cached then revoked", scopes: ["ingest"] });
    expect(await authenticateApiKey(database.db, created.key)).not.toBeNull();

    await revokeApiKey(systemCtx(database.db), { keyId: created.id });

    expect(await authenticateApiKey(database.db, created.key)).toBeNull();
  });

  it("rejects a key revoked elsewhere within a second", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "revoked by another process", scopes: ["ingest"] });
    expect(await authenticateApiKey(database.db, created.key)).not.toBeNull();

    // Another Keel process revokes the key: this process learns it only from the database.
    await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, created.id));
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(await authenticateApiKey(database.db, created.key)).toBeNull();
  });

  it("rejects an unknown key", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "neighbour", scopes: ["read"] });
    const altered = created.key.slice(0, -1) + (created.key.endsWith("A") ? "B" : "A");

    expect(await authenticateApiKey(database.db, altered)).toBeNull();
    expect(await authenticateApiKey(database.db, `${API_KEY_PREFIX}unknown`)).toBeNull();
  });

  it("rejects a value without the prefix or too long", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "shape", scopes: ["read"] });

    expect(await authenticateApiKey(database.db, created.key.slice(API_KEY_PREFIX.length))).toBeNull();
    expect(await authenticateApiKey(database.db, hashApiKey(created.key))).toBeNull();
    expect(await authenticateApiKey(database.db, `${API_KEY_PREFIX}${"a".repeat(300)}`)).toBeNull();
    expect(await authenticateApiKey(database.db, "")).toBeNull();
  });
});

describe("revokeApiKey", () => {
  it("sets revokedAt once and audits only the first call", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "revoke twice", scopes: ["read"] });

    const first = await revokeApiKey(systemCtx(database.db), { keyId: created.id });
    const second = await revokeApiKey(systemCtx(database.db), { keyId: created.id });

    expect(first.revokedAt).toBeInstanceOf(Date);
    expect(second.revokedAt?.getTime()).toBe(first.revokedAt?.getTime());
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, String(created.id)));
    expect(audit.filter((entry) => entry.action === "api_key.revoked")).toHaveLength(1);
  });

  it("rejects an unknown key id with not_found", async () => {
    await expectKeelError(revokeApiKey(systemCtx(database.db), { keyId: 987_654 }), "not_found");
  });
});

describe("listApiKeys", () => {
  it("lists keys without their hash or value", async () => {
    const created = await createApiKey(systemCtx(database.db), { name: "listed", scopes: ["read"] });

    const listed = await listApiKeys(systemCtx(database.db));

    const entry = listed.find((key) => key.id === created.id);
    expect(entry).toMatchObject({ name: "listed", displayPrefix: created.displayPrefix });
    expect(entry).not.toHaveProperty("keyHash");
    expect(entry).not.toHaveProperty("key");
  });
});
