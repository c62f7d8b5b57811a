import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listApiKeys } from "@/lib/auth/api-keys";
import { listUsers } from "@/lib/auth/users";
import { useTestDb } from "@/test/db";
import { createTestUser, systemCtx, uniqueEmail, type TestUser } from "@/test/fixtures";

// The actions run their real session and role checks. Only the next-auth session lookup, the process
// database handle and Next.js cache revalidation are replaced.
const session = vi.hoisted(() => ({ userId: undefined as number | undefined, handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => (session.userId ? { userId: session.userId } : null) }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { createUserAction, updateUserAction } = await import("@/app/(app)/settings/users/actions");
const { createApiKeyAction, revokeApiKeyAction } = await import("@/app/(app)/settings/api-keys/actions");

const testDb = useTestDb();
let admin: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  admin = await createTestUser(testDb.db, "admin");
  viewer = await createTestUser(testDb.db, "viewer");
});

beforeEach(() => {
  session.handle = testDb.handle;
  session.userId = undefined;
});

const newUser = () => ({ email: uniqueEmail("new"), name: "New User", password: "a-long-password", role: "viewer" });

describe("user actions", () => {
  it("create a user for an admin", async () => {
    session.userId = admin.user.id;
    const input = newUser();

    const result = await createUserAction(input);

    expect(result.ok).toBe(true);
    const users = await listUsers(systemCtx(testDb.db));
    expect(users.map((user) => user.email)).toContain(input.email);
  });

  it("return field errors for invalid input", async () => {
    session.userId = admin.user.id;

    const result = await createUserAction({ email: "not-an-email", name: "", password: "short", role: "owner" });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["email", "name", "password", "role"]);
    expect(result.fieldErrors.password).toEqual(["must be at least 12 characters"]);
  });

  it("reject a viewer", async () => {
    session.userId = viewer.user.id;
    const input = newUser();

    const created = await createUserAction(input);
    const updated = await updateUserAction({ userId: admin.user.id, role: "viewer" });

    expect(created).toMatchObject({ ok: false, message: 'This action requires the "admin" role or higher.' });
    expect(updated.ok).toBe(false);
    const users = await listUsers(systemCtx(testDb.db));
    expect(users.map((user) => user.email)).not.toContain(input.email);
    expect(users.find((user) => user.id === admin.user.id)?.role).toBe("admin");
  });

  it("reject a caller without a session", async () => {
    const result = await createUserAction(newUser());
    expect(result).toMatchObject({ ok: false, message: "Sign in again: your session has expired." });
  });

  it("deactivate and reactivate a user", async () => {
    session.userId = admin.user.id;
    const target = await createTestUser(testDb.db, "engineer");

    const deactivated = await updateUserAction({ userId: target.user.id, active: false });
    const reactivated = await updateUserAction({ userId: target.user.id, active: true });

    expect(deactivated).toMatchObject({ ok: true, data: { active: false } });
    expect(reactivated).toMatchObject({ ok: true, data: { active: true } });
  });
});

describe("API key actions", () => {
  it("create a key once and revoke it", async () => {
    session.userId = admin.user.id;

    const created = await createApiKeyAction({ name: "serving", scopes: ["ingest"] });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.data.key.startsWith("keel_")).toBe(true);

    const revoked = await revokeApiKeyAction({ keyId: created.data.id });
    expect(revoked).toMatchObject({ ok: true, data: { id: created.data.id } });
    if (!revoked.ok) return;
    expect(revoked.data.revokedAt).not.toBeNull();
  });

  it("return field errors without scopes", async () => {
    session.userId = admin.user.id;

    const result = await createApiKeyAction({ name: "", scopes: [] });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.name).toEqual(["must not be empty"]);
    expect(result.fieldErrors.scopes).toEqual(["choose at least one scope"]);
  });

  it("reject a viewer", async () => {
    session.userId = viewer.user.id;
    const before = (await listApiKeys(systemCtx(testDb.db))).length;

    const result = await createApiKeyAction({ name: "sneaky", scopes: ["admin"] });

    expect(result.ok).toBe(false);
    expect((await listApiKeys(systemCtx(testDb.db))).length).toBe(before);
  });
});
