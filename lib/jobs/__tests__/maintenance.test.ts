import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { jobs } from "@/lib/db/schema";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { enqueueJob } from "../index";
import { listJobs, listSchedules } from "../list";
import { JOB_RETENTION_DAYS, PRUNE_SCHEDULE, pruneJobsJob } from "../prune";
import { upsertSchedule } from "../schedules";
import { jobRow, recordingJob, testWorker } from "./helpers";

const testDb = useTestDb();
const DAY_MS = 24 * 60 * 60_000;

describe("jobs.prune", () => {
  it("deletes finished jobs older than the retention period", async () => {
    const { definition } = recordingJob();
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY_MS);
    const base = { name: definition.name, payload: { n: 1 }, maxAttempts: 5, timeoutMs: 1000 };
    const rows = await testDb.db
      .insert(jobs)
      .values([
        { ...base, state: "succeeded", runAt: ago(20), enqueuedAt: ago(20), finishedAt: ago(JOB_RETENTION_DAYS + 1) },
        { ...base, state: "failed", runAt: ago(20), enqueuedAt: ago(20), finishedAt: ago(JOB_RETENTION_DAYS + 5) },
        { ...base, state: "succeeded", runAt: ago(20), enqueuedAt: ago(20), finishedAt: ago(JOB_RETENTION_DAYS - 1) },
        { ...base, state: "queued", runAt: ago(30), enqueuedAt: ago(30) },
      ])
      .returning({ id: jobs.id });
    const ids = rows.map((row) => row.id);

    const { id } = await enqueueJob(systemCtx(testDb.db), pruneJobsJob, {});
    const worker = testWorker(testDb.db, { definitions: [pruneJobsJob] });
    try {
      await expect.poll(async () => (await jobRow(testDb.db, id)).state, { timeout: 10_000, interval: 20 }).toBe("succeeded");
    } finally {
      await worker.stop();
    }

    const left = await testDb.db.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, ids));
    expect(left.map((row) => row.id).sort()).toEqual([ids[2], ids[3]].sort());
  });
});

describe("listJobs", () => {
  let failedId = "";
  let queuedId = "";

  beforeAll(async () => {
    const { definition } = recordingJob(
      async () => {
        throw new Error("model registry unreachable");
      },
      { maxAttempts: 1 },
    );
    failedId = (await enqueueJob(systemCtx(testDb.db), definition, { n: 1 })).id;
    queuedId = (await enqueueJob(systemCtx(testDb.db), recordingJob().definition, { n: 2 }, { runAt: new Date(Date.now() + DAY_MS) })).id;
    const worker = testWorker(testDb.db, { definitions: [definition] });
    try {
      await vi.waitFor(async () => expect((await jobRow(testDb.db, failedId)).state).toBe("failed"), { timeout: 10_000, interval: 20 });
    } finally {
      await worker.stop();
    }
  });

  it("lists newest first with errors and durations", async () => {
    const { ctx } = await createTestUser(testDb.db, "engineer");

    const listed = await listJobs(ctx, {});

    const ids = listed.map((job) => Number(job.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const failed = listed.find((job) => job.id === failedId)!;
    expect(failed).toMatchObject({ state: "failed", attempts: 1, maxAttempts: 1, lastError: "model registry unreachable" });
    expect(failed.durationMs).not.toBeNull();
    expect(failed.startedAt).not.toBeNull();
    expect(failed.finishedAt).not.toBeNull();
  });

  it("filters by state and limits the count", async () => {
    const ctx = systemCtx(testDb.db);

    expect((await listJobs(ctx, { state: "queued" })).map((job) => job.id)).toContain(queuedId);
    expect((await listJobs(ctx, { state: "queued" })).every((job) => job.state === "queued")).toBe(true);
    expect((await listJobs(ctx, { state: "failed" })).map((job) => job.id)).toEqual([failedId]);
    expect(await listJobs(ctx, { limit: 1 })).toHaveLength(1);
  });

  it("requires the engineer role or the read scope", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
    const readKey = await createTestApiKey(testDb.db, ["read"]);

    await expectKeelError(listJobs(viewer.ctx, {}), "forbidden");
    await expectKeelError(listJobs(ingestKey.ctx, {}), "forbidden");
    await expectKeelError(listSchedules(viewer.ctx), "forbidden");
    expect((await listJobs(readKey.ctx, {})).length).toBeGreaterThan(0);
  });

  it("lists schedules with their next run", async () => {
    await upsertSchedule(systemCtx(testDb.db), PRUNE_SCHEDULE);
    const { ctx } = await createTestUser(testDb.db, "approver");

    const schedules = await listSchedules(ctx);

    const prune = schedules.find((schedule) => schedule.key === PRUNE_SCHEDULE.key)!;
    expect(prune).toMatchObject({ job: "jobs.prune", cron: PRUNE_SCHEDULE.cron, timezone: "UTC", enabled: true });
    expect(Date.parse(prune.nextRunAt!)).toBeGreaterThan(Date.now());
    await testDb.db.delete(jobs).where(eq(jobs.id, Number(queuedId)));
  });
});
