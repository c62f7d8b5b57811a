import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject, it, expect } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb, type DbOptions } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/test/postgres";
import { systemCtx } from "@/test/fixtures";
import { enqueueJob } from "../index";
import { claimJobs } from "../queue";
import { jobRow, recordingJob, testWorker } from "./helpers";

// Opens the same database twice, as a process would before and after a restart: the same PGlite data
// folder, or the same PostgreSQL database through a new pool.
async function restartableDatabase(): Promise<{ options: DbOptions; firstOpen: Partial<DbOptions>; cleanUp: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl);
    return { options: { databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 3 }, firstOpen: {}, cleanUp: scratch.drop };
  }

  const folder = mkdtempSync(path.join(tmpdir(), "keel-jobs-restart-"));
  const templatePath = inject("pgliteTemplatePath");
  return {
    options: { dataDir: folder },
    firstOpen: templatePath ? { loadDataDir: new Blob([readFileSync(templatePath)]) } : {},
    cleanUp: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

it("keeps queued and abandoned jobs across a restart", { timeout: 60_000 }, async () => {
  const database = await restartableDatabase();
  const { definition, calls } = recordingJob(async () => undefined, { timeoutMs: 200 });
  try {
    const before = await openDb({ ...database.options, ...database.firstOpen });
    await migrateDb(before);
    const abandoned = await enqueueJob(systemCtx(before.db), definition, { n: 1 });
    // The process stops in the middle of an attempt of this job.
    const [claimed] = await claimJobs(before.db, { workerId: "before-restart", names: [definition.name], limit: 1, now: new Date() });
    expect(claimed.id).toBe(Number(abandoned.id));
    const queued = await enqueueJob(systemCtx(before.db), definition, { n: 2 });
    await before.close();

    const after = await openDb(database.options);
    await migrateDb(after);
    const worker = testWorker(after.db, { definitions: [definition] });
    try {
      await expect
        .poll(async () => [(await jobRow(after.db, queued.id)).state, (await jobRow(after.db, abandoned.id)).state], { timeout: 20_000, interval: 25 })
        .toEqual(["succeeded", "succeeded"]);
    } finally {
      await worker.stop();
    }

    expect(calls.map((call) => [call.id, call.attempt]).sort()).toEqual([
      [abandoned.id, 2],
      [queued.id, 1],
    ].sort());
    expect((await jobRow(after.db, abandoned.id)).lastError).toContain("worker before-restart did not finish attempt 1");
    await after.close();
  } finally {
    await database.cleanUp();
  }
});
