import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewItems, reviewLabels } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { createShadowEndpoint, logPairs } from "@/lib/shadow/__tests__/fixtures";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import type { Ctx } from "@/lib/context";
import { claimNextItem, reviewProgress, reviewSummary, sampleReviewItems, submitReview, verdictOfChoice } from "..";

const testDb = useTestDb();
let engineer: TestUser;
let approver: TestUser;
let viewer: TestUser;

/** Logs `disagreeing` pairs where production predicts 0 and the candidate 1, then `agreeing` pairs where both predict 0. */
async function seed(endpoint: string, disagreeing: number, agreeing: number): Promise<void> {
  await createShadowEndpoint(testDb.db, endpoint);
  const pairs = [];
  for (let i = 0; i < disagreeing + agreeing; i++) {
    const candidate = i < disagreeing ? 1 : 0;
    const timestamp = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    pairs.push({ requestId: `req-${i}`, timestamp, production: { prediction: 0, latencyMs: 5 }, candidate: { prediction: candidate, latencyMs: 6 } });
  }
  await logPairs(testDb.db, endpoint, pairs);
}

function at(ctx: Ctx, minutesLater: number): Ctx {
  const now = new Date(Date.now() + minutesLater * 60_000);
  return { ...ctx, now: () => now };
}

async function caught(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

beforeAll(async () => {
  engineer = await createTestUser(testDb.db, "engineer");
  approver = await createTestUser(testDb.db, "approver");
  viewer = await createTestUser(testDb.db, "viewer");
  await seed("queue-sample", 6, 20);
  await seed("queue-lock", 1, 0);
  await seed("queue-race", 8, 0);
  await seed("queue-double", 3, 0);
});

describe("sampleReviewItems", () => {
  it("queues every disagreement once", async () => {
    const first = await sampleReviewItems(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2, agreementShare: 0 });
    expect(first.disagreements).toBe(6);
    expect(first.agreements).toBe(0);

    const second = await sampleReviewItems(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2, agreementShare: 0 });
    expect(second.disagreements).toBe(0);
  });

  it("caps the agreements it adds", async () => {
    const result = await sampleReviewItems(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2, agreementShare: 1, maxAgreements: 5 });
    expect(result.agreements).toBe(5);

    const items = await testDb.db.select().from(reviewItems).where(eq(reviewItems.queueId, result.queueId));
    expect(items).toHaveLength(11);
    expect(new Set(items.map((item) => item.requestId)).size).toBe(11);
    expect(items.filter((item) => item.disagreement)).toHaveLength(6);
  });

  it("never queues a request twice when sampling races", async () => {
    const runs = await Promise.all(
      [0, 1, 2].map(() => sampleReviewItems(engineer.ctx, { endpoint: "queue-double", candidateVersion: 2 }).catch(() => null)),
    );
    const queueId = runs.find((run) => run !== null)!.queueId;
    const items = await testDb.db.select().from(reviewItems).where(eq(reviewItems.queueId, queueId));
    expect(items).toHaveLength(3);
  });

  it("rejects viewers", async () => {
    const error = await caught(sampleReviewItems(viewer.ctx, { endpoint: "queue-sample", candidateVersion: 2 }));
    expect(error.code).toBe("forbidden");
  });
});

describe("claimNextItem", () => {
  it("locks an item for five minutes", async () => {
    await sampleReviewItems(engineer.ctx, { endpoint: "queue-lock", candidateVersion: 2 });
    const held = await claimNextItem(engineer.ctx, { endpoint: "queue-lock", candidateVersion: 2 });
    expect(held).not.toBeNull();

    expect(await claimNextItem(approver.ctx, { endpoint: "queue-lock", candidateVersion: 2 })).toBeNull();
    expect(await claimNextItem(at(approver.ctx, 4), { endpoint: "queue-lock", candidateVersion: 2 })).toBeNull();

    const reclaimed = await claimNextItem(at(approver.ctx, 6), { endpoint: "queue-lock", candidateVersion: 2 });
    expect(reclaimed?.itemId).toBe(held!.itemId);

    const error = await caught(submitReview(engineer.ctx, { itemId: held!.itemId, choice: "both" }));
    expect(error.code).toBe("conflict");
  });

  it("returns the held item again on a second claim", async () => {
    await sampleReviewItems(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2 });
    const first = await claimNextItem(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2 });
    const again = await claimNextItem(engineer.ctx, { endpoint: "queue-sample", candidateVersion: 2 });
    expect(again?.itemId).toBe(first?.itemId);
  });

  it("gives each racing reviewer a different item", async () => {
    await sampleReviewItems(engineer.ctx, { endpoint: "queue-race", candidateVersion: 2 });
    const reviewers = await Promise.all([0, 1, 2, 3, 4].map(() => createTestUser(testDb.db, "engineer")));

    const claims = await Promise.all(reviewers.map((reviewer) => claimNextItem(reviewer.ctx, { endpoint: "queue-race", candidateVersion: 2 })));
    const ids = claims.map((claim) => claim?.itemId);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(5);

    const rest = await Promise.all(reviewers.map((reviewer) => claimNextItem(at(reviewer.ctx, 1), { endpoint: "queue-race", candidateVersion: 2 })));
    expect(rest.map((claim) => claim?.itemId)).toEqual(ids);
  });

  it("rejects viewers and API keys", async () => {
    expect((await caught(claimNextItem(viewer.ctx, { endpoint: "queue-sample", candidateVersion: 2 }))).code).toBe("forbidden");
    const key = await createTestApiKey(testDb.db, ["admin"]);
    expect((await caught(claimNextItem(key.ctx, { endpoint: "queue-sample", candidateVersion: 2 }))).code).toBe("forbidden");
  });
});

describe("submitReview", () => {
  it("stores the verdict behind a blind choice", async () => {
    const reviewer = await createTestUser(testDb.db, "approver");
    const item = await claimNextItem(reviewer.ctx, { endpoint: "queue-race", candidateVersion: 2 });
    expect(item!.blind).toBe(true);
    expect(item!.outputs.every((output) => output.source === null)).toBe(true);

    // Disagreeing pairs: the candidate predicted 1 and production 0.
    const candidateIndex = item!.outputs.findIndex((output) => output.prediction === 1);
    const result = await submitReview(reviewer.ctx, { itemId: item!.itemId, choice: candidateIndex === 0 ? "first" : "second", comment: "late inbound" });
    expect(result.verdict).toBe("candidate");

    const [label] = await testDb.db.select().from(reviewLabels).where(eq(reviewLabels.itemId, item!.itemId));
    expect(label.verdict).toBe("candidate");
    expect(label.comment).toBe("late inbound");
    const [released] = await testDb.db.select().from(reviewItems).where(eq(reviewItems.id, item!.itemId));
    expect(released.lockedBy).toBeNull();

    const twice = await caught(submitReview(reviewer.ctx, { itemId: item!.itemId, choice: "both" }));
    expect(twice.code).toBe("conflict");
  });

  it("rejects viewers", async () => {
    const [item] = await testDb.db.select().from(reviewItems).limit(1);
    expect((await caught(submitReview(viewer.ctx, { itemId: item.id, choice: "both" }))).code).toBe("forbidden");
  });

  it("counts reviewers and their agreement", async () => {
    await seed("queue-pair-2", 2, 0);
    await sampleReviewItems(systemCtx(testDb.db), { endpoint: "queue-pair-2", candidateVersion: 2, reviewsPerItem: 2, blind: false });
    const first = await createTestUser(testDb.db, "engineer");
    const second = await createTestUser(testDb.db, "approver");

    for (const [reviewer, choices] of [
      [first, ["second", "both"]],
      [second, ["second", "neither"]],
    ] as const) {
      for (const choice of choices) {
        const item = await claimNextItem(reviewer.ctx, { endpoint: "queue-pair-2", candidateVersion: 2 });
        expect(item!.outputs[0].source).toBe("production");
        await submitReview(reviewer.ctx, { itemId: item!.itemId, choice });
      }
    }
    expect(await claimNextItem(first.ctx, { endpoint: "queue-pair-2", candidateVersion: 2 })).toBeNull();

    const summary = await reviewSummary(viewer.ctx, { endpoint: "queue-pair-2", candidateVersion: 2 });
    expect(summary.reviewed).toBe(2);
    expect(summary.reviewers).toBe(2);
    // Item 1: candidate by both; item 2: "both" then "neither", so the earlier label wins the tie.
    expect(summary.candidateCorrect).toBe(2);
    expect(summary.productionCorrect).toBe(1);
    expect(summary.both).toBe(1);
    expect(summary.candidateAccuracy).toBe(1);
    expect(summary.agreement!.items).toBe(2);
    expect(summary.agreement!.percentAgreement).toBe(0.5);

    const progress = await reviewProgress(viewer.ctx, { endpoint: "queue-pair-2", candidateVersion: 2 });
    expect(progress!.completed).toBe(2);
    expect(progress!.reviewers.map((reviewer) => reviewer.labeled)).toEqual([2, 2]);
  });
});

describe("verdictOfChoice", () => {
  it("undoes the display order", () => {
    expect(verdictOfChoice("first", true)).toBe("candidate");
    expect(verdictOfChoice("second", true)).toBe("production");
    expect(verdictOfChoice("first", false)).toBe("production");
    expect(verdictOfChoice("neither", true)).toBe("neither");
  });
});

describe("claimNextItem with skipItemId", () => {
  it("releases the skipped item and claims another", async () => {
    await seed("queue-skip", 2, 0);
    await sampleReviewItems(engineer.ctx, { endpoint: "queue-skip", candidateVersion: 2 });
    const first = await claimNextItem(engineer.ctx, { endpoint: "queue-skip", candidateVersion: 2 });
    const second = await claimNextItem(engineer.ctx, { endpoint: "queue-skip", candidateVersion: 2, skipItemId: first!.itemId });
    expect(second!.itemId).not.toBe(first!.itemId);

    const other = await claimNextItem(approver.ctx, { endpoint: "queue-skip", candidateVersion: 2 });
    expect(other!.itemId).toBe(first!.itemId);
  });
});
