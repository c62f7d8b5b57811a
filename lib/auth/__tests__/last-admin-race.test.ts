import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { createTestUser } from "@/test/fixtures";
import { users } from "../../db/schema";
import { KeelError } from "../../errors";
import { updateUser, type UpdateUserInput } from "../users";

// On PostgreSQL the two updates run on separate pooled connections at once, so without the lock in
// updateUser both could count two admins and both commit. PGlite runs them one after the other.
const database = useTestDb();
const ROUNDS = 5;

async function activeAdminCount(): Promise<number> {
  const [row] = await database.db
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)));
  return row.value;
}

type Change = Omit<UpdateUserInput, "userId">;

describe.each<[string, Change, Change]>([
  ["two demotions", { role: "engineer" }, { role: "viewer" }],
  ["two deactivations", { active: false }, { active: false }],
  ["a demotion and a deactivation", { role: "approver" }, { active: false }],
])("concurrent %s of the last two admins", (_name, firstChange, secondChange) => {
  it(`leave exactly one active admin in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await database.db.update(users).set({ role: "viewer" }).where(eq(users.role, "admin"));
      const first = await createTestUser(database.db, "admin");
      const second = await createTestUser(database.db, "admin");
      expect(await activeAdminCount()).toBe(2);

      // Each admin changes the other, as two people in two browser tabs would.
      const results = await Promise.allSettled([
        updateUser(second.ctx, { userId: first.user.id, ...firstChange }),
        updateUser(first.ctx, { userId: second.user.id, ...secondChange }),
      ]);

      const fulfilled = results.filter((result) => result.status === "fulfilled");
      const rejected = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
      expect(fulfilled, `round ${round}`).toHaveLength(1);
      expect(rejected, `round ${round}`).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(KeelError);
      expect((rejected[0].reason as KeelError).code).toBe("conflict");
      expect(await activeAdminCount(), `round ${round}`).toBe(1);
    }
  });
});
