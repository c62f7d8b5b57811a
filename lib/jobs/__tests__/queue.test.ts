import { setTimeout as delay } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobs } from "@/lib/db/schema";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { systemCtx } from "@/test/fixtures";
import { enqueueJob, RetryJob } from "../index";
import { claimJobs, completeJob, failExpiredLeases, failJob } from "../queue";
import type { Worker } from "../worker";
import { jobRow, recordingJob, testWorker } from "./helpers";

const testDb = useTestDb();
const workers: Worker[] = [];

function start(options: Parameters<typeof testWorker>[1]) {
  const worker = testWorker(testDb.db, options);
  workers.push(worker);
  return worker;
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

async function waitForState(id: string, state: string) {
  await vi.waitFor(
    async () => {
      expect((await jobRow(testDb.db, id)).state).toBe(state);
    },
    { timeout: 10_000, interval: 20 },
  );
  return jobRow(testDb.db, id);
}

describe("enqueueJob and the worker", () => {
  it("runs an enqueued job once and records it", async () => {
    const { definition, calls } = recordingJob(async () => delay(5));
    const before = new Date();
    const { id, created } = await enqueueJob(systemCtx(testDb.db), definition, { n: 7 });
    expect(created).toBe(true);
    expect((await jobRow(testDb.db, id)).state).toBe("queued");

    const worker = start({ definitions: [definition] });
    const row = await waitForState(id, "succeeded");

    expect(calls).toEqual([{ id, attempt: 1, payload: { n: 7 } }]);
    expect(row.attempts).toBe(1);
    expect(row.workerId).toBe(worker.id);
    expect(row.lockedUntil).toBeNull();
    expect(row.lastError).toBeNull();
    expect(row.durationMs).toBeGreaterThanOrEqual(4);
    expect(row.enqueuedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(row.enqueuedAt.getTime());
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt!.getTime());
  });

  it("rejects an invalid payload at enqueue", async () => {
    const { definition } = recordingJob();

    const error = await expectKeelError(enqueueJob(systemCtx(testDb.db), definition, { n: "x" } as never), "unprocessable");

    expect(error.issues.map((issue) => issue.path)).toEqual(["n"]);
  });

  it("waits for runAt before running", async () => {
    const { definition, calls } = recordingJob();
    const runAt = new Date(Date.now() + 600);
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 }, { runAt });
    start({ definitions: [definition] });

    await delay(200);
    expect(calls).toHaveLength(0);
    const row = await waitForState(id, "succeeded");
    expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it("fails a job whose stored payload no longer parses", async () => {
    const { definition, calls } = recordingJob();
    const [inserted] = await testDb.db
      .insert(jobs)
      .values({ name: definition.name, payload: { n: "old shape" }, maxAttempts: 5, timeoutMs: 1000, runAt: new Date(), enqueuedAt: new Date() })
      .returning();
    start({ definitions: [definition] });

    const row = await waitForState(String(inserted.id), "failed");

    expect(calls).toHaveLength(0);
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("Invalid payload: n:");
  });
});

describe("retries", () => {
  it("retries then fails with the stored error", async () => {
    const { definition, calls } = recordingJob(
      async (job) => {
        throw new Error(`upstream returned 503 on attempt ${job.attempt}`);
      },
      { maxAttempts: 3 },
    );
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    start({ definitions: [definition] });

    const row = await waitForState(id, "failed");

    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBe("upstream returned 503 on attempt 3");
    expect(row.finishedAt).not.toBeNull();
    expect(row.durationMs).not.toBeNull();
  });

  it("succeeds on a later attempt after errors", async () => {
    const { definition, calls } = recordingJob(async (job) => {
      if (job.attempt < 3) throw new Error("flaky");
    });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    start({ definitions: [definition] });

    const row = await waitForState(id, "succeeded");

    expect(calls).toHaveLength(3);
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBe("flaky");
  });

  it("schedules RetryJob after its delay", async () => {
    const { definition } = recordingJob(async () => {
      throw new RetryJob("rate limited", { delayMs: 60_000 });
    });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    start({ definitions: [definition] });

    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).attempts).toBe(1), { timeout: 5000, interval: 20 });
    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).lastError).toBe("rate limited"), { timeout: 5000, interval: 20 });
    const row = await jobRow(testDb.db, id);

    expect(row.state).toBe("queued");
    const waitMs = row.runAt.getTime() - row.startedAt!.getTime();
    expect(waitMs).toBeGreaterThanOrEqual(60_000);
    expect(waitMs).toBeLessThan(65_000);
  });

  it("fails on the last attempt even for RetryJob", async () => {
    const { definition } = recordingJob(
      async () => {
        throw new RetryJob("still not ready", { delayMs: 0 });
      },
      { maxAttempts: 2 },
    );
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    start({ definitions: [definition] });

    const row = await waitForState(id, "failed");

    expect(row.attempts).toBe(2);
    expect(row.lastError).toBe("still not ready");
  });

  it("fails an attempt that outlives its timeout", async () => {
    const { definition } = recordingJob(async () => delay(400), { maxAttempts: 1, timeoutMs: 50 });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    start({ definitions: [definition] });

    const row = await waitForState(id, "failed");

    expect(row.lastError).toMatch(/^Timed out after 50 ms/);
  });
});

describe("singleton keys", () => {
  it("keeps one queued or running job per key", async () => {
    const { definition } = recordingJob();
    const ctx = systemCtx(testDb.db);

    const first = await enqueueJob(ctx, definition, { n: 1 }, { singletonKey: "sync:endpoint-1" });
    const second = await enqueueJob(ctx, definition, { n: 2 }, { singletonKey: "sync:endpoint-1" });
    const other = await enqueueJob(ctx, definition, { n: 3 }, { singletonKey: "sync:endpoint-2" });
    const unkeyed = [await enqueueJob(ctx, definition, { n: 4 }), await enqueueJob(ctx, definition, { n: 5 })];

    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(other.created).toBe(true);
    expect(unkeyed.every((job) => job.created)).toBe(true);
    expect(new Set([first.id, other.id, ...unkeyed.map((job) => job.id)]).size).toBe(4);
  });

  it("frees a key once its job finishes", async () => {
    const { definition } = recordingJob();
    const ctx = systemCtx(testDb.db);
    const first = await enqueueJob(ctx, definition, { n: 1 }, { singletonKey: "rebuild" });
    start({ definitions: [definition] });
    await waitForState(first.id, "succeeded");

    const again = await enqueueJob(ctx, definition, { n: 2 }, { singletonKey: "rebuild" });

    expect(again.created).toBe(true);
    expect(again.id).not.toBe(first.id);
  });

  it("holds a key while the job runs", async () => {
    let release: () => void = () => undefined;
    const { definition } = recordingJob(() => new Promise<void>((resolve) => (release = resolve)));
    const ctx = systemCtx(testDb.db);
    const first = await enqueueJob(ctx, definition, { n: 1 }, { singletonKey: "long" });
    start({ definitions: [definition] });
    await waitForState(first.id, "running");

    expect(await enqueueJob(ctx, definition, { n: 2 }, { singletonKey: "long" })).toEqual({ id: first.id, created: false });
    release();
    await waitForState(first.id, "succeeded");
  });

  it("admits one of many concurrent enqueues", async () => {
    const { definition } = recordingJob();
    const ctx = systemCtx(testDb.db);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => enqueueJob(ctx, definition, { n }, { singletonKey: "burst" })),
    );

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
  });
});

describe("leases", () => {
  it("reruns a job abandoned by a crashed worker and fences the stale result", async () => {
    const { definition, calls } = recordingJob(async () => undefined, { timeoutMs: 150 });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });

    // A worker claims the job and then stops responding without recording anything.
    const [stale] = await claimJobs(testDb.db, { workerId: "crashed-worker", names: [definition.name], limit: 10, now: new Date() });
    expect(stale).toMatchObject({ id: Number(id), attempt: 1, workerId: "crashed-worker" });
    const claimedAgain = await claimJobs(testDb.db, { workerId: "other", names: [definition.name], limit: 10, now: new Date() });
    expect(claimedAgain).toEqual([]);
    const claimedByItself = await claimJobs(testDb.db, { workerId: "crashed-worker", names: [definition.name], limit: 10, now: new Date(Date.now() + 1000) });
    expect(claimedByItself).toEqual([]);

    const worker = start({ definitions: [definition] });
    const row = await waitForState(id, "succeeded");

    expect(calls).toEqual([{ id, attempt: 2, payload: { n: 1 } }]);
    expect(row.workerId).toBe(worker.id);
    expect(row.lastError).toBe("Lease expired: worker crashed-worker did not finish attempt 1 within 150 ms.");

    expect(await completeJob(testDb.db, stale, { now: new Date(), durationMs: 5 })).toBe(false);
    expect(await failJob(testDb.db, stale, { now: new Date(), durationMs: 5, error: "late", retryAt: null })).toBe("lost");
    expect(await failJob(testDb.db, stale, { now: new Date(), durationMs: 5, error: "late", retryAt: new Date() })).toBe("lost");
    const after = await jobRow(testDb.db, id);
    expect(after).toEqual(row);
  });

  it("fences a stale worker while the new attempt runs", async () => {
    const { definition } = recordingJob(async () => undefined, { timeoutMs: 100 });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    const [stale] = await claimJobs(testDb.db, { workerId: "slow", names: [definition.name], limit: 1, now: new Date() });

    const later = new Date(Date.now() + 200);
    const [current] = await claimJobs(testDb.db, { workerId: "fresh", names: [definition.name], limit: 1, now: later });
    expect(current).toMatchObject({ id: Number(id), attempt: 2, workerId: "fresh" });

    expect(await completeJob(testDb.db, stale, { now: later, durationMs: 250 })).toBe(false);
    expect((await jobRow(testDb.db, id)).state).toBe("running");
    expect(await completeJob(testDb.db, current, { now: later, durationMs: 1 })).toBe(true);
    expect((await jobRow(testDb.db, id)).state).toBe("succeeded");
  });

  it("fails a job whose lease expired on its last attempt", async () => {
    const { definition } = recordingJob(async () => undefined, { timeoutMs: 100, maxAttempts: 1 });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    await claimJobs(testDb.db, { workerId: "gone", names: [definition.name], limit: 1, now: new Date() });
    const later = new Date(Date.now() + 150);

    expect(await claimJobs(testDb.db, { workerId: "next", names: [definition.name], limit: 1, now: later })).toEqual([]);
    expect(await failExpiredLeases(testDb.db, { workerId: "gone", now: later })).toBe(0);
    expect(await failExpiredLeases(testDb.db, { workerId: "next", now: later })).toBeGreaterThanOrEqual(1);

    const row = await jobRow(testDb.db, id);
    expect(row.state).toBe("failed");
    expect(row.lastError).toBe("Lease expired: worker gone did not finish attempt 1 of 1 within 100 ms.");
  });

  it("claims only jobs of the names given", async () => {
    const { definition: mine } = recordingJob();
    const { definition: theirs } = recordingJob();
    await enqueueJob(systemCtx(testDb.db), mine, { n: 1 });
    const { id: otherId } = await enqueueJob(systemCtx(testDb.db), theirs, { n: 2 });

    const claimed = await claimJobs(testDb.db, { workerId: "w", names: [mine.name], limit: 10, now: new Date() });

    expect(claimed.map((job) => job.name)).toEqual([mine.name]);
    expect((await jobRow(testDb.db, otherId)).state).toBe("queued");
    await testDb.db.execute(sql`DELETE FROM jobs WHERE name IN (${mine.name}, ${theirs.name})`);
  });
});

describe("stop", () => {
  it("waits for running jobs", async () => {
    let finished = false;
    const { definition } = recordingJob(async () => {
      await delay(200);
      finished = true;
    });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    const worker = testWorker(testDb.db, { definitions: [definition] });
    await waitForState(id, "running");

    await worker.stop();

    expect(finished).toBe(true);
    expect((await jobRow(testDb.db, id)).state).toBe("succeeded");
  });

  it("claims nothing after stop", async () => {
    const { definition, calls } = recordingJob();
    const worker = testWorker(testDb.db, { definitions: [definition] });
    await worker.stop();

    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    await delay(100);

    expect(calls).toHaveLength(0);
    expect((await jobRow(testDb.db, id)).state).toBe("queued");
  });
});

it("rejects two definitions with one name", () => {
  const { definition } = recordingJob();
  expect(() => testWorker(testDb.db, { definitions: [definition, { ...definition }] })).toThrow(/Two job definitions/);
});
