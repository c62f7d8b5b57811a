import { randomBytes } from "node:crypto";
import pino from "pino";
import { createApiKey } from "@/lib/auth/api-keys";
import { createUser, type UserSummary } from "@/lib/auth/users";
import type { ApiKeyScope, Ctx, Role } from "@/lib/context";
import type { Db } from "@/lib/db/client";

export const silentLogger = pino({ level: "silent" });

/** Returns a context acting as Keel itself, which passes every authorization check. */
export function systemCtx(db: Db): Ctx {
  return { db, actor: { type: "system" }, log: silentLogger, now: () => new Date() };
}

export function userCtx(db: Db, user: Pick<UserSummary, "id" | "email" | "role">): Ctx {
  return {
    db,
    actor: { type: "user", userId: user.id, email: user.email, role: user.role },
    log: silentLogger,
    now: () => new Date(),
  };
}

export function apiKeyCtx(db: Db, keyId: number, scopes: ApiKeyScope[]): Ctx {
  return { db, actor: { type: "api_key", keyId, scopes }, log: silentLogger, now: () => new Date() };
}

/** Returns an email address with 8 random hex digits, so fixtures from different tests do not collide. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(4).toString("hex")}@keel.test`;
}

export type TestUser = { user: UserSummary; password: string; ctx: Ctx };

/** Creates a user with `role` through createUser, as the system actor; returns it with a context acting as it. */
export async function createTestUser(
  db: Db,
  role: Role,
  overrides: { email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const password = overrides.password ?? `pw-${randomBytes(9).toString("base64url")}`;
  const user = await createUser(systemCtx(db), {
    email: overrides.email ?? uniqueEmail(role),
    name: overrides.name ?? `Test ${role}`,
    password,
    role,
  });
  return { user, password, ctx: userCtx(db, user) };
}

export type TestApiKey = { id: number; key: string; ctx: Ctx };

/** Creates an API key with `scopes` as the system actor; returns the full key and a context acting as it. */
export async function createTestApiKey(db: Db, scopes: ApiKeyScope[], name = "test key"): Promise<TestApiKey> {
  const created = await createApiKey(systemCtx(db), { name, scopes });
  return { id: created.id, key: created.key, ctx: apiKeyCtx(db, created.id, created.scopes) };
}
