import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestUser, silentLogger, systemCtx, uniqueEmail, userCtx } from "@/test/fixtures";
import { auditLog, users } from "../../db/schema";
import { roleAtLeast } from "../access";
import {
  createUser,
  createUserSchema,
  ensureUser,
  listUsers,
  loadActiveUser,
  updateUser,
  verifyCredentials,
} from "../users";

const database = useTestDb();

async function auditRows(action: string, targetId: number) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId))));
}

describe("createUser", () => {
  it("stores the user with a hashed password and an audit row", async () => {
    const admin = await createTestUser(database.db, "admin");
    const email = uniqueEmail("engineer");

    const created = await createUser(admin.ctx, { email, name: "Ada", password: "correct horse battery", role: "engineer" });

    expect(created).toMatchObject({ email, name: "Ada", role: "engineer", active: true });
    const [row] = await database.db.select().from(users).where(eq(users.id, created.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse battery");

    const audit = await auditRows("user.created", created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "user", actorId: admin.user.id, targetType: "user" });
    expect(audit[0].details).toEqual({ email, role: "engineer" });
  });

  it("rejects a taken email with conflict", async () => {
    const existing = await createTestUser(database.db, "viewer");

    const error = await expectKeelError(
      createUser(systemCtx(database.db), { email: existing.user.email, name: "Twin", password: "another password", role: "admin" }),
      "conflict",
    );

    expect(error.message).toContain(existing.user.email);
    const rows = await database.db.select().from(users).where(eq(users.email, existing.user.email));
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("viewer");
  });

  it("treats emails that differ in case as taken", async () => {
    const existing = await createTestUser(database.db, "viewer");
    const input = createUserSchema.parse({
      email: existing.user.email.toUpperCase(),
      name: "Shout",
      password: "another password",
      role: "viewer",
    });

    await expectKeelError(createUser(systemCtx(database.db), input), "conflict");
  });
});

describe("createUserSchema", () => {
  const valid = { email: "Someone@Keel.Test", name: " Someone ", password: "long enough pw", role: "viewer" };

  it("lowercases the email and trims the name", () => {
    expect(createUserSchema.parse(valid)).toEqual({ ...valid, email: "someone@keel.test", name: "Someone" });
  });

  it.each([
    ["email", { email: "someone" }, "must be an email address"],
    ["password", { password: "short" }, "at least 12 characters"],
    ["name", { name: "   " }, "must not be empty"],
    ["role", { role: "owner" }, ""],
  ])("rejects an invalid %s", (field, change, message) => {
    const parsed = createUserSchema.safeParse({ ...valid, ...change });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual([field]);
    expect(parsed.error?.issues[0].message).toContain(message);
  });
});

describe("updateUser", () => {
  it("changes the role and writes the change to the audit log", async () => {
    const admin = await createTestUser(database.db, "admin");
    const target = await createTestUser(database.db, "viewer");

    const updated = await updateUser(admin.ctx, { userId: target.user.id, role: "approver" });

    expect(updated.role).toBe("approver");
    const audit = await auditRows("user.updated", target.user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toEqual({
      from: { role: "viewer", active: true },
      to: { role: "approver", active: true },
    });
  });

  it("rejects an unknown user with not_found", async () => {
    await expectKeelError(updateUser(systemCtx(database.db), { userId: 987_654, role: "viewer" }), "not_found");
  });
});

describe("updateUser last admin", () => {
  // Each test starts with exactly the admins it creates, because the rule counts every active admin.
  async function withoutOtherAdmins() {
    await database.db.update(users).set({ role: "viewer" }).where(eq(users.role, "admin"));
  }

  it("rejects demoting the last active admin", async () => {
    await withoutOtherAdmins();
    const admin = await createTestUser(database.db, "admin");

    const error = await expectKeelError(updateUser(admin.ctx, { userId: admin.user.id, role: "engineer" }), "conflict");

    expect(error.message).toContain("last active admin");
    expect((await loadActiveUser(database.db, admin.user.id))?.role).toBe("admin");
  });

  it("rejects deactivating the last active admin", async () => {
    await withoutOtherAdmins();
    const admin = await createTestUser(database.db, "admin");

    await expectKeelError(updateUser(systemCtx(database.db), { userId: admin.user.id, active: false }), "conflict");

    expect((await loadActiveUser(database.db, admin.user.id))?.active).toBe(true);
  });

  it("does not count deactivated admins", async () => {
    await withoutOtherAdmins();
    const first = await createTestUser(database.db, "admin");
    const second = await createTestUser(database.db, "admin");
    await updateUser(first.ctx, { userId: second.user.id, active: false });

    await expectKeelError(updateUser(first.ctx, { userId: first.user.id, role: "viewer" }), "conflict");
  });

  it("allows demoting one of two admins, then not the other", async () => {
    await withoutOtherAdmins();
    const first = await createTestUser(database.db, "admin");
    const second = await createTestUser(database.db, "admin");

    const demoted = await updateUser(first.ctx, { userId: second.user.id, role: "engineer" });

    expect(demoted.role).toBe("engineer");
    await expectKeelError(updateUser(first.ctx, { userId: first.user.id, role: "engineer" }), "conflict");
  });

  it("allows changing a non-admin while only one admin exists", async () => {
    await withoutOtherAdmins();
    const admin = await createTestUser(database.db, "admin");
    const viewer = await createTestUser(database.db, "viewer");

    const updated = await updateUser(admin.ctx, { userId: viewer.user.id, active: false });

    expect(updated.active).toBe(false);
  });
});

describe("access after a change", () => {
  it("takes admin rights from a demoted user", async () => {
    const admin = await createTestUser(database.db, "admin");
    const other = await createTestUser(database.db, "admin");
    await updateUser(admin.ctx, { userId: other.user.id, role: "viewer" });

    // Sessions build the context from the user row on every request, as lib/auth/session.ts does.
    const reloaded = await loadActiveUser(database.db, other.user.id);
    expect(reloaded?.role).toBe("viewer");
    expect(roleAtLeast(reloaded!.role, "admin")).toBe(false);

    const ctx = userCtx(database.db, reloaded!);
    await expectKeelError(listUsers(ctx), "forbidden");
    await expectKeelError(
      createUser(ctx, { email: uniqueEmail(), name: "Nope", password: "long enough pw", role: "viewer" }),
      "forbidden",
    );
  });

  it("shuts out a deactivated user", async () => {
    const admin = await createTestUser(database.db, "admin");
    const target = await createTestUser(database.db, "engineer");
    await updateUser(admin.ctx, { userId: target.user.id, active: false });

    expect(await loadActiveUser(database.db, target.user.id)).toBeNull();
    expect(await verifyCredentials(database.db, target.user.email, target.password)).toBeNull();
  });
});

describe("verifyCredentials", () => {
  it("returns the user for the right password", async () => {
    const { user, password } = await createTestUser(database.db, "engineer");

    const verified = await verifyCredentials(database.db, user.email, password);

    expect(verified).toEqual(user);
    expect(verified).not.toHaveProperty("passwordHash");
  });

  it("matches the email without regard to case", async () => {
    const { user, password } = await createTestUser(database.db, "engineer");

    expect((await verifyCredentials(database.db, user.email.toUpperCase(), password))?.id).toBe(user.id);
  });

  it("returns null for a wrong password", async () => {
    const { user, password } = await createTestUser(database.db, "engineer");

    expect(await verifyCredentials(database.db, user.email, `${password}x`)).toBeNull();
    expect(await verifyCredentials(database.db, user.email, "")).toBeNull();
  });

  it("returns null for an unknown email", async () => {
    expect(await verifyCredentials(database.db, uniqueEmail("nobody"), "whatever password")).toBeNull();
  });
});

describe("ensureUser", () => {
  it("creates the user once and then reports it exists", async () => {
    const input = createUserSchema.parse({ email: uniqueEmail("first"), name: "First", password: "long enough pw", role: "admin" });

    expect(await ensureUser(database.db, input, silentLogger)).toBe(true);
    expect(await ensureUser(database.db, { ...input, role: "viewer" }, silentLogger)).toBe(false);

    const rows = await database.db.select().from(users).where(eq(users.email, input.email));
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("admin");
  });
});
