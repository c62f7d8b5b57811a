import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { enqueueJob } from "../index";
import type { Worker } from "../worker";
import { jobRow, recordingJob, testWorker } from "./helpers";

const testDb = useTestDb();
const workers: Worker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop({ graceMs: 0 })));
});

/** Resolves when `signal` aborts; never rejects. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

describe("job timeout", () => {
  it("aborts the attempt and keeps its slot until it settles", async () => {
    let settled = false;
    let abortReason: unknown;
    const slow = recordingJob(
      async (job) => {
        await aborted(job.signal);
        abortReason = job.signal.reason;
        // The handler takes a while to wind down after the abort.
        await delay(300);
        settled = true;
      },
      { maxAttempts: 2, timeoutMs: 50 },
    );
    const other = recordingJob();
    const ctx = systemCtx(testDb.db);
    const { id } = await enqueueJob(ctx, slow.definition, { n: 1 });
    workers.push(testWorker(testDb.db, { definitions: [slow.definition, other.definition], concurrency: 1 }));

    await vi.waitFor(() => expect(abortReason).toBeDefined(), { timeout: 5_000, interval: 10 });
    await enqueueJob(ctx, other.definition, { n: 2 });
    await delay(150);

    // With one slot still held by the winding-down attempt, nothing else runs and no retry is queued.
    expect(settled).toBe(false);
    expect(other.calls).toHaveLength(0);
    expect((await jobRow(testDb.db, id)).state).toBe("running");
    expect(String(abortReason)).toMatch(/Timed out after 50 ms/);

    await vi.waitFor(() => expect(other.calls).toHaveLength(1), { timeout: 5_000, interval: 10 });
    expect(settled).toBe(true);
    const row = await jobRow(testDb.db, id);
    expect(row.lastError).toMatch(/^Timed out after 50 ms/);
  });
});

describe("stop with a grace period", () => {
  it("releases a job still running for another worker", async () => {
    let runs = 0;
    // The first run waits until it is aborted; the run after the release finishes at once.
    const stuck = recordingJob(async (job) => {
      runs += 1;
      if (runs === 1) await aborted(job.signal);
    });
    const { id } = await enqueueJob(systemCtx(testDb.db), stuck.definition, { n: 1 });
    const first = testWorker(testDb.db, { definitions: [stuck.definition] });
    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).state).toBe("running"), { timeout: 5_000, interval: 10 });

    await first.stop({ graceMs: 100 });

    const released = await jobRow(testDb.db, id);
    expect(released.state).toBe("queued");
    expect(released.attempts).toBe(0);
    expect(released.lockedUntil).toBeNull();

    workers.push(testWorker(testDb.db, { definitions: [stuck.definition] }));
    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).state).toBe("succeeded"), { timeout: 5_000, interval: 20 });
    expect(stuck.calls.map((call) => call.attempt)).toEqual([1, 1]);
  });

  it("waits for jobs that finish within the grace period", async () => {
    const quick = recordingJob(async () => delay(100));
    const { id } = await enqueueJob(systemCtx(testDb.db), quick.definition, { n: 1 });
    const worker = testWorker(testDb.db, { definitions: [quick.definition] });
    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).state).toBe("running"), { timeout: 5_000, interval: 10 });

    await worker.stop({ graceMs: 5_000 });

    expect((await jobRow(testDb.db, id)).state).toBe("succeeded");
  });
});
