import { beforeAll, describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { setVersionStage } from "@/lib/promotions";
import { createShadowEndpoint } from "@/lib/shadow/__tests__/fixtures";
import { useTestDb } from "@/test/db";
import { createTestUser, type TestUser } from "@/test/fixtures";
import { eq } from "drizzle-orm";
import { auditLog } from "@/lib/db/schema";
import { getCanary, setCanary } from "..";

const testDb = useTestDb();
let engineer: TestUser;

beforeAll(async () => {
  engineer = await createTestUser(testDb.db, "engineer");
  await createShadowEndpoint(testDb.db, "canary-rejected");
  await createShadowEndpoint(testDb.db, "canary-archived");
  await setVersionStage(engineer.ctx, { model: "canary-rejected", version: 2, stage: "rejected" });
  await setVersionStage(engineer.ctx, { model: "canary-archived", version: 2, stage: "archived" });
});

describe("setCanary on a final version", () => {
  it.each(["canary-rejected", "canary-archived"])("%s gets no traffic", async (endpoint) => {
    const error = await setCanary(engineer.ctx, { endpoint, version: 2, weight: 1 }).then(
      () => null,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("conflict");
    expect((error as KeelError).message).toMatch(/version 2 is (rejected|archived)/i);
  });

  it("stopping at weight 0 still works", async () => {
    const stopped = await setCanary(engineer.ctx, { endpoint: "canary-rejected", version: 2, weight: 0 });

    expect(stopped.weight).toBe(0);
  });
});

describe("canary of a version leaving candidacy", () => {
  it("stops when the version is rejected", async () => {
    await createShadowEndpoint(testDb.db, "canary-running");
    await setCanary(engineer.ctx, { endpoint: "canary-running", version: 2, weight: 0.2 });

    await setVersionStage(engineer.ctx, { model: "canary-running", version: 2, stage: "rejected" });

    const canary = await getCanary(engineer.ctx, { endpoint: "canary-running" });
    expect(canary.weight).toBe(0);
    expect(canary.abortReason).toBe("version canary-running/2 became rejected");
    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.action, "canary.stopped"));
    expect(audit.map((row) => row.details)).toContainEqual({ version: "canary-running/2", reason: "version canary-running/2 became rejected" });
  });
});
