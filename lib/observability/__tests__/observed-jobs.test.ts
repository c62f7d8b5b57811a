import { Writable } from "node:stream";
import { vi, afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { enqueueJob, RetryJob } from "@/lib/jobs";
import { currentLogContext } from "@/lib/log";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { jobRow, recordingJob, testWorker } from "@/lib/jobs/__tests__/helpers";
import type { Worker } from "@/lib/jobs/worker";
import { metrics, observeDbPool } from "../metrics";

const testDb = useTestDb();
const workers: Worker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

/** Creates a pino logger that keeps each JSON line and adds the log context, as the app's logger does. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: "info", mixin: currentLogContext }, stream) };
}

async function sampleValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const sample = metric?.values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected));
  return Number(sample?.value ?? 0);
}

describe("job observability", () => {
  it("counts runs and tags log lines with the job", async () => {
    const { log, lines } = capturingLogger();
    const { definition } = recordingJob(async () => {
      log.info("inside the job");
    });
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 1 });
    workers.push(testWorker(testDb.db, { definitions: [definition], log }));

    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).state).toBe("succeeded"), { timeout: 10_000, interval: 20 });
    const jobLines = lines.filter((line) => line.jobId === Number(id));

    expect(jobLines.map((line) => line.msg)).toEqual(["job started", "inside the job", "job succeeded"]);
    expect(jobLines.every((line) => line.job === definition.name)).toBe(true);
    expect(await sampleValue("keel_job_runs_total", { job: definition.name, outcome: "succeeded" })).toBe(1);
  });

  it("counts retries and failures", async () => {
    const { log, lines } = capturingLogger();
    const { definition } = recordingJob(
      async () => {
        throw new RetryJob("receiver busy", { delayMs: 1 });
      },
      { maxAttempts: 2 },
    );
    const { id } = await enqueueJob(systemCtx(testDb.db), definition, { n: 2 });
    workers.push(testWorker(testDb.db, { definitions: [definition], log }));

    await vi.waitFor(async () => expect((await jobRow(testDb.db, id)).state).toBe("failed"), { timeout: 10_000, interval: 20 });
    const messages = lines.filter((line) => line.jobId === Number(id)).map((line) => line.msg);

    expect(messages.filter((message) => message === "job attempt failed; retrying")).toHaveLength(1);
    expect(messages.filter((message) => message === "job failed on its last attempt")).toHaveLength(1);
    expect(await sampleValue("keel_job_runs_total", { job: definition.name, outcome: "retrying" })).toBe(1);
    expect(await sampleValue("keel_job_runs_total", { job: definition.name, outcome: "failed" })).toBe(1);
  });
});

describe("database pool gauges", () => {
  it("report the pool on PostgreSQL and zero on PGlite", async () => {
    observeDbPool(() => testDb.handle);

    const text = await metrics().registry.metrics();

    const pool = testDb.handle.pool;
    expect(text).toContain(`keel_db_pool_connections ${pool?.totalCount ?? 0}\n`);
    expect(text).toContain(`keel_db_pool_idle_connections ${pool?.idleCount ?? 0}\n`);
    expect(text).toContain(`keel_db_pool_waiting_clients ${pool?.waitingCount ?? 0}\n`);
    if (pool) expect(pool.totalCount).toBeGreaterThan(0);
  });
});
