import { setTimeout as delay } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { enqueueJob } from "../index";
import { recordingJob, testWorker } from "./helpers";

const testDb = useTestDb();

const JOBS = 200;
const WORKERS = 4;

// On PostgreSQL each worker gets its own pool, as separate worker processes would. PGlite has one
// connection in one process, so there the workers share the handle.
async function workerHandles(): Promise<DbHandle[]> {
  if (testDb.handle.kind === "pglite") return Array.from({ length: WORKERS }, () => testDb.handle);

  const url = testDb.handle.pool!.options.connectionString!;
  return Promise.all(Array.from({ length: WORKERS }, () => openDb({ databaseUrl: url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 3 })));
}

it("runs 200 jobs exactly once across 4 workers", { timeout: 60_000 }, async () => {
  const { definition, calls } = recordingJob(async () => delay(Math.random() * 3));
  const ctx = systemCtx(testDb.db);
  const ids: string[] = [];
  for (let n = 0; n < JOBS; n++) ids.push((await enqueueJob(ctx, definition, { n })).id);

  const handles = await workerHandles();
  const workers = handles.map((handle) => testWorker(handle.db, { definitions: [definition], concurrency: 5, pollIntervalMs: 10 }));
  try {
    await expect
      .poll(async () => (await testDb.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.state, "succeeded"))).length, {
        timeout: 50_000,
        interval: 50,
      })
      .toBe(JOBS);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    if (testDb.handle.kind === "postgres") await Promise.all(handles.map((handle) => handle.close()));
  }

  const runsPerJob = new Map<string, number>();
  for (const call of calls) runsPerJob.set(call.id, (runsPerJob.get(call.id) ?? 0) + 1);
  expect(calls).toHaveLength(JOBS);
  expect([...runsPerJob.keys()].sort()).toEqual([...ids].sort());
  expect([...runsPerJob.values()].every((runs) => runs === 1)).toBe(true);

  const rows = await testDb.db.select().from(jobs).where(eq(jobs.name, definition.name));
  expect(rows.every((row) => row.state === "succeeded" && row.attempts === 1)).toBe(true);
  const jobsPerWorker = new Map<string, number>();
  for (const row of rows) jobsPerWorker.set(row.workerId!, (jobsPerWorker.get(row.workerId!) ?? 0) + 1);
  expect(jobsPerWorker.size).toBeGreaterThan(1);
});
