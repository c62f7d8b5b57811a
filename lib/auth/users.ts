import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx, Role } from "../context";
import { roles } from "../context";
import type { Db } from "../db/client";
import { auditLog, users } from "../db/schema";
import { KeelError } from "../errors";
import { authorize } from "./access";
import { hashPassword, verifyPassword } from "./passwords";
import { actorColumns } from "../audit";

export const createUserSchema = z.object({
  email: z.email("must be an email address").transform((value) => value.toLowerCase()),
  name: z.string().trim().min(1, "must not be empty").max(200),
  password: z.string().min(12, "must be at least 12 characters").max(1000),
  role: z.enum(roles),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  userId: z.number().int().positive(),
  role: z.enum(roles).optional(),
  active: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export type UserSummary = { id: number; email: string; name: string; role: Role; active: boolean; createdAt: Date };

const summaryColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
};

/** Creates a user; admins only. Throws `conflict` when the email is taken. */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserSummary> {
  authorize(ctx, { role: "admin", scope: "admin" });
  const passwordHash = await hashPassword(input.password);

  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, role: input.role })
      .onConflictDoNothing({ target: users.email })
      .returning(summaryColumns);
    if (!created) throw new KeelError("conflict", `A user with email ${input.email} already exists.`);

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "user.created",
      targetType: "user",
      targetId: String(created.id),
      details: { email: created.email, role: created.role },
    });
    return created;
  });
}

export async function listUsers(ctx: Ctx): Promise<UserSummary[]> {
  authorize(ctx, { role: "admin", scope: "admin" });
  return ctx.db.select(summaryColumns).from(users).orderBy(asc(users.email));
}

/**
 * Changes a user's role or active flag; admins only. The last active admin cannot be demoted or
 * deactivated, so the instance always keeps someone who can manage users.
 */
export async function updateUser(ctx: Ctx, input: UpdateUserInput): Promise<UserSummary> {
  authorize(ctx, { role: "admin", scope: "admin" });

  return ctx.db.transaction(async (tx) => {
    // Serialise admin changes so two concurrent demotions cannot both pass the last-admin check.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${0x75736572})`);

    const [current] = await tx.select(summaryColumns).from(users).where(eq(users.id, input.userId));
    if (!current) throw new KeelError("not_found", `User ${input.userId} not found.`);

    const role = input.role ?? current.role;
    const active = input.active ?? current.active;
    const losesAdmin = current.role === "admin" && current.active && (role !== "admin" || !active);
    if (losesAdmin) {
      const [{ count }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(users)
        .where(sql`${users.role} = 'admin' AND ${users.active}`);
      if (count <= 1) throw new KeelError("conflict", "The last active admin cannot be demoted or deactivated.");
    }

    const [updated] = await tx
      .update(users)
      .set({ role, active, updatedAt: new Date() })
      .where(eq(users.id, input.userId))
      .returning(summaryColumns);
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "user.updated",
      targetType: "user",
      targetId: String(updated.id),
      details: { from: { role: current.role, active: current.active }, to: { role, active } },
    });
    return updated;
  });
}

/** Checks an email and password; returns the active user or null. Takes the same time for unknown emails. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<UserSummary | null> {
  const [user] = await db
    .select({ ...summaryColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));

  // Verifying against a fixed hash for unknown emails keeps the response time from revealing which exist.
  const passwordHash = user?.passwordHash ?? (await dummyHash());
  const valid = await verifyPassword(passwordHash, password);
  if (!user || !valid || !user.active) return null;

  const { passwordHash: _omitted, ...summary } = user;
  return summary;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword("keel-placeholder-password");
  return dummy;
}

/** Loads a user by id with their current role; null when missing or deactivated. */
export async function loadActiveUser(db: Db, userId: number): Promise<UserSummary | null> {
  const [user] = await db.select(summaryColumns).from(users).where(eq(users.id, userId));
  return user && user.active ? user : null;
}

/**
 * Creates the user if the email is free, as the system actor; returns whether it was created.
 * Used for the first admin from the environment and for the demo accounts.
 */
export async function ensureUser(db: Db, input: CreateUserInput, log: Ctx["log"]): Promise<boolean> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) return false;

  await createUser({ db, actor: { type: "system" }, log, now: () => new Date() }, input).catch((error) => {
    // Another process created the same user between the check and the insert.
    if (error instanceof KeelError && error.code === "conflict") return;
    throw error;
  });
  return true;
}
