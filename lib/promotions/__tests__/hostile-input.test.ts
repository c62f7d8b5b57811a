import { beforeAll, describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { useTestDb } from "@/test/db";
import { createTestUser, type TestUser } from "@/test/fixtures";
import { addPromotionComment, decidePromotion, DEFAULT_GATE_POLICY, openPromotionRequest, updateGatePolicy } from "..";

const testDb = useTestDb();
let engineer: TestUser;
let approver: TestUser;

/** Returns the field paths of the 422 KeelError that `promise` rejects with. */
async function invalidPaths(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(KeelError);
  expect((error as KeelError).code).toBe("unprocessable");
  return (error as KeelError).issues.map((issue) => issue.path);
}

beforeAll(async () => {
  engineer = await createTestUser(testDb.db, "engineer");
  approver = await createTestUser(testDb.db, "approver");
});

describe("promotion input PostgreSQL cannot take", () => {
  it("gate policy model with NUL", async () => {
    expect(await invalidPaths(updateGatePolicy(approver.ctx, { model: "a\u0000b", policy: DEFAULT_GATE_POLICY }))).toEqual(["model"]);
  });

  it("request endpoint with NUL", async () => {
    expect(await invalidPaths(openPromotionRequest(engineer.ctx, { endpoint: "a\u0000b", version: 1, reason: "Retrained." }))).toEqual(["endpoint"]);
  });

  it("version beyond integer range", async () => {
    expect(await invalidPaths(openPromotionRequest(engineer.ctx, { endpoint: "any", version: 2_147_483_648, reason: "Retrained." }))).toEqual(["version"]);
  });

  it("request id beyond integer range", async () => {
    expect(await invalidPaths(decidePromotion(approver.ctx, { requestId: 2_147_483_648, decision: "reject", comment: "No." }))).toEqual(["requestId"]);
    expect(await invalidPaths(addPromotionComment(engineer.ctx, { requestId: 2_147_483_648, body: "Hello." }))).toEqual(["requestId"]);
  });
});
