import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../../context";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestApiKey, createTestUser, uniqueEmail, type TestUser } from "@/test/fixtures";
import { apiKeys, auditLog, users } from "../../db/schema";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys";
import { createUser, listUsers, updateUser } from "../users";

// Every admin operation in lib/auth, called by each actor that lacks the admin role or scope. Each must
// throw forbidden before it writes anything.
const database = useTestDb();

type Operation = { name: string; run: (ctx: Ctx) => Promise<unknown> };

let target: TestUser;
let targetKeyId: number;

beforeAll(async () => {
  target = await createTestUser(database.db, "engineer");
  targetKeyId = (await createTestApiKey(database.db, ["read"])).id;
});

const operations: Operation[] = [
  {
    name: "createUser",
    run: (ctx) => createUser(ctx, { email: uniqueEmail("intruder"), name: "Intruder", password: "long enough pw", role: "admin" }),
  },
  { name: "updateUser role", run: (ctx) => updateUser(ctx, { userId: target.user.id, role: "admin" }) },
  { name: "updateUser active", run: (ctx) => updateUser(ctx, { userId: target.user.id, active: false }) },
  { name: "createApiKey", run: (ctx) => createApiKey(ctx, { name: "stolen", scopes: ["admin"] }) },
  { name: "revokeApiKey", run: (ctx) => revokeApiKey(ctx, { keyId: targetKeyId }) },
  { name: "listUsers", run: (ctx) => listUsers(ctx) },
  { name: "listApiKeys", run: (ctx) => listApiKeys(ctx) },
];

type ActorCase = { name: string; makeCtx: () => Promise<Ctx> };

const unauthorisedActors: ActorCase[] = [
  { name: "viewer", makeCtx: async () => (await createTestUser(database.db, "viewer")).ctx },
  { name: "engineer", makeCtx: async () => (await createTestUser(database.db, "engineer")).ctx },
  { name: "approver", makeCtx: async () => (await createTestUser(database.db, "approver")).ctx },
  { name: "ingest key", makeCtx: async () => (await createTestApiKey(database.db, ["ingest"])).ctx },
  { name: "read key", makeCtx: async () => (await createTestApiKey(database.db, ["read"])).ctx },
  { name: "ingest+read key", makeCtx: async () => (await createTestApiKey(database.db, ["ingest", "read"])).ctx },
];

async function rowCounts() {
  const [userCount] = await database.db.select({ value: count() }).from(users);
  const [keyCount] = await database.db.select({ value: count() }).from(apiKeys);
  const [auditCount] = await database.db.select({ value: count() }).from(auditLog);
  return { users: userCount.value, apiKeys: keyCount.value, audit: auditCount.value };
}

describe.each(unauthorisedActors)("as $name", (actor) => {
  it.each(operations)("$name is forbidden and writes nothing", async (operation) => {
    const ctx = await actor.makeCtx();
    const before = await rowCounts();

    const error = await expectKeelError(operation.run(ctx), "forbidden");

    expect(error.message).toMatch(/"admin" (role|scope)/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("authorised actors", () => {
  it("lets an admin-scoped API key create a user", async () => {
    const key = await createTestApiKey(database.db, ["admin"]);

    const created = await createUser(key.ctx, { email: uniqueEmail("by-key"), name: "By key", password: "long enough pw", role: "viewer" });

    expect(created.role).toBe("viewer");
  });

  it("leaves the target untouched after the forbidden calls", async () => {
    const [row] = (await listUsers((await createTestUser(database.db, "admin")).ctx)).filter((user) => user.id === target.user.id);

    expect(row).toMatchObject({ role: "engineer", active: true });
    const keys = await listApiKeys((await createTestApiKey(database.db, ["admin"])).ctx);
    expect(keys.find((key) => key.id === targetKeyId)?.revokedAt).toBeNull();
  });
});
