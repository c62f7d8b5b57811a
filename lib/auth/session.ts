import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Ctx, Role } from "../context";
import { getDbHandle } from "../db/runtime";
import { KeelError } from "../errors";
import { logger } from "../log";
import { roleAtLeast } from "./access";
import { authOptions } from "./next-auth";
import { loadActiveUser, type UserSummary } from "./users";

/** Returns the signed-in, active user from the database, or null. */
export async function currentUser(): Promise<UserSummary | null> {
  const session = (await getServerSession(authOptions())) as { userId?: number } | null;
  if (!session?.userId) return null;

  const { db } = await getDbHandle();
  return loadActiveUser(db, session.userId);
}

export function userContext(db: Ctx["db"], user: UserSummary): Ctx {
  return {
    db,
    actor: { type: "user", userId: user.id, email: user.email, role: user.role },
    log: logger.child({ userId: user.id }),
    now: () => new Date(),
  };
}

/** For pages: redirects to sign-in without a session; returns the user and a context. */
export async function requirePageUser(): Promise<{ user: UserSummary; ctx: Ctx }> {
  const user = await currentUser();
  if (!user) redirect("/signin");

  const { db } = await getDbHandle();
  return { user, ctx: userContext(db, user) };
}

/** For server actions: throws unless a signed-in user has at least `minimum`. */
export async function requireActionUser(minimum: Role): Promise<Ctx> {
  const user = await currentUser();
  if (!user) throw new KeelError("unauthenticated", "Sign in again: your session has expired.");
  if (!roleAtLeast(user.role, minimum)) {
    throw new KeelError("forbidden", `This action requires the "${minimum}" role or higher.`);
  }

  const { db } = await getDbHandle();
  return userContext(db, user);
}
