import { setTimeout as delay } from "node:timers/promises";
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { jobs, jobSchedules } from "@/lib/db/schema";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { systemCtx } from "@/test/fixtures";
import type { JobDefinition } from "../define";
import { removeSchedule, upsertSchedule } from "../index";
import { PRUNE_SCHEDULE } from "../prune";
import { enqueueDueSchedules, nextRunTime } from "../schedules";
import { recordingJob, testWorker } from "./helpers";

const testDb = useTestDb();

function ctxAt(instant: string): Ctx {
  return { ...systemCtx(testDb.db), now: () => new Date(instant) };
}

async function schedule(key: string) {
  const [row] = await testDb.db.select().from(jobSchedules).where(eq(jobSchedules.key, key));
  return row;
}

async function jobsOf(definition: JobDefinition<unknown>) {
  return testDb.db.select().from(jobs).where(eq(jobs.name, definition.name)).orderBy(jobs.id);
}

const byName = (definition: JobDefinition<unknown>) => new Map([[definition.name, definition]]);

describe("nextRunTime", () => {
  it("reads cron fields in the time zone", () => {
    // Paris moves to summer time on 2026-03-29, so 03:00 there is 01:00 UTC that day and 02:00 UTC before.
    expect(nextRunTime("0 3 * * *", "Europe/Paris", new Date("2026-03-28T00:00:00Z")).toISOString()).toBe("2026-03-28T02:00:00.000Z");
    expect(nextRunTime("0 3 * * *", "Europe/Paris", new Date("2026-03-29T00:00:00Z")).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(nextRunTime("0 3 * * *", "UTC", new Date("2026-03-29T00:00:00Z")).toISOString()).toBe("2026-03-29T03:00:00.000Z");
  });

  it("returns a time strictly after the given one", () => {
    expect(nextRunTime("*/15 * * * *", "UTC", new Date("2026-01-01T10:15:00Z")).toISOString()).toBe("2026-01-01T10:30:00.000Z");
  });
});

describe("upsertSchedule", () => {
  it("stores the next due time", async () => {
    const { definition } = recordingJob();
    await upsertSchedule(ctxAt("2026-01-01T10:07:00Z"), { key: "s-store", cron: "*/15 * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } });

    const row = await schedule("s-store");
    expect(row).toMatchObject({ cron: "*/15 * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 }, enabled: true });
    expect(row.nextRunAt?.toISOString()).toBe("2026-01-01T10:15:00.000Z");
  });

  it("keeps the due time when saved unchanged", async () => {
    const { definition } = recordingJob();
    const input = { key: "s-same", cron: "0 * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } };
    await upsertSchedule(ctxAt("2026-01-01T10:30:00Z"), input);
    await upsertSchedule(ctxAt("2026-01-01T11:30:00Z"), { ...input, payload: { n: 2 } });

    const row = await schedule("s-same");
    expect(row.nextRunAt?.toISOString()).toBe("2026-01-01T11:00:00.000Z");
    expect(row.payload).toEqual({ n: 2 });
  });

  it("recomputes the due time on a new cron, disables and enables", async () => {
    const { definition } = recordingJob();
    const input = { key: "s-change", cron: "0 * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } };
    await upsertSchedule(ctxAt("2026-01-01T10:30:00Z"), input);

    await upsertSchedule(ctxAt("2026-01-01T10:31:00Z"), { ...input, cron: "45 * * * *" });
    expect((await schedule("s-change")).nextRunAt?.toISOString()).toBe("2026-01-01T10:45:00.000Z");

    await upsertSchedule(ctxAt("2026-01-01T10:32:00Z"), { ...input, cron: "45 * * * *", enabled: false });
    expect(await schedule("s-change")).toMatchObject({ enabled: false, nextRunAt: null });

    await upsertSchedule(ctxAt("2026-01-01T12:50:00Z"), { ...input, cron: "45 * * * *" });
    expect((await schedule("s-change")).nextRunAt?.toISOString()).toBe("2026-01-01T13:45:00.000Z");
  });

  it("rejects a bad cron, time zone, job or payload", async () => {
    const { definition } = recordingJob();
    const valid = { key: "s-bad", cron: "0 3 * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } };
    const ctx = systemCtx(testDb.db);

    const cases = [
      { input: { ...valid, cron: "61 * * * *" }, path: "cron" },
      { input: { ...valid, cron: "* * *" }, path: "cron" },
      { input: { ...valid, timezone: "Mars/Olympus_Mons" }, path: "timezone" },
      { input: { ...valid, job: "no.such-job" }, path: "job" },
      { input: { ...valid, payload: { n: "one" } }, path: "n" },
    ];
    for (const { input, path } of cases) {
      const error = await expectKeelError(upsertSchedule(ctx, input), "unprocessable");
      expect(error.issues.map((issue) => issue.path)).toEqual([path]);
    }
    expect(await schedule("s-bad")).toBeUndefined();
  });

  it("finds registry jobs by name", async () => {
    await upsertSchedule(systemCtx(testDb.db), { ...PRUNE_SCHEDULE, key: "s-registry" });
    expect((await schedule("s-registry")).job).toBe("jobs.prune");
    await removeSchedule(systemCtx(testDb.db), "s-registry");
    expect(await schedule("s-registry")).toBeUndefined();
  });
});

describe("enqueueDueSchedules", () => {
  it("enqueues once per due time when two workers tick", async () => {
    const { definition } = recordingJob();
    await upsertSchedule(ctxAt("2026-02-01T09:59:30Z"), { key: "s-twice", cron: "* * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } });

    // Two workers tick three times each, at the same instants, between 10:00 and 10:01.
    for (const instant of ["2026-02-01T10:00:00Z", "2026-02-01T10:00:20Z", "2026-02-01T10:00:40Z"]) {
      await Promise.all([enqueueDueSchedules(ctxAt(instant), byName(definition)), enqueueDueSchedules(ctxAt(instant), byName(definition))]);
    }
    await Promise.all([
      enqueueDueSchedules(ctxAt("2026-02-01T10:01:05Z"), byName(definition)),
      enqueueDueSchedules(ctxAt("2026-02-01T10:01:05Z"), byName(definition)),
    ]);

    const enqueued = await jobsOf(definition);
    expect(enqueued.map((job) => job.singletonKey)).toEqual(["schedule:s-twice:2026-02-01T10:00:00.000Z", "schedule:s-twice:2026-02-01T10:01:00.000Z"]);
    expect(enqueued.map((job) => job.payload)).toEqual([{ n: 1 }, { n: 1 }]);
    const row = await schedule("s-twice");
    expect(row.nextRunAt?.toISOString()).toBe("2026-02-01T10:02:00.000Z");
    expect(row.lastRunAt?.toISOString()).toBe("2026-02-01T10:01:00.000Z");
    expect(String(row.lastJobId)).toBe(String(enqueued[1].id));
  });

  it("enqueues one run after missed due times", async () => {
    const { definition } = recordingJob();
    await upsertSchedule(ctxAt("2026-02-01T09:59:30Z"), { key: "s-missed", cron: "* * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } });

    expect(await enqueueDueSchedules(ctxAt("2026-02-01T10:30:10Z"), byName(definition))).toBe(1);

    expect(await jobsOf(definition)).toHaveLength(1);
    expect((await schedule("s-missed")).nextRunAt?.toISOString()).toBe("2026-02-01T10:31:00.000Z");
  });

  it("leaves schedules of jobs the worker does not run", async () => {
    const { definition } = recordingJob();
    const { definition: other } = recordingJob();
    await upsertSchedule(ctxAt("2026-02-01T09:59:30Z"), { key: "s-other", cron: "* * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } });

    expect(await enqueueDueSchedules(ctxAt("2026-02-01T10:00:10Z"), byName(other))).toBe(0);

    expect((await schedule("s-other")).nextRunAt?.toISOString()).toBe("2026-02-01T10:00:00.000Z");
    await removeSchedule(systemCtx(testDb.db), "s-other");
  });

  it("skips disabled schedules", async () => {
    const { definition } = recordingJob();
    await upsertSchedule(ctxAt("2026-02-01T09:59:30Z"), { key: "s-off", cron: "* * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 }, enabled: false });

    expect(await enqueueDueSchedules(ctxAt("2026-02-01T10:05:00Z"), byName(definition))).toBe(0);
    expect(await jobsOf(definition)).toHaveLength(0);
  });

  it("runs each second's job once with two real workers", async () => {
    const { definition, calls } = recordingJob();
    await upsertSchedule(systemCtx(testDb.db), { key: "s-live", cron: "* * * * * *", timezone: "UTC", job: definition.name, payload: { n: 1 } });
    const workers = [
      testWorker(testDb.db, { definitions: [definition], schedules: true }),
      testWorker(testDb.db, { definitions: [definition], schedules: true }),
    ];

    await delay(2_600);
    await Promise.all(workers.map((worker) => worker.stop()));
    await removeSchedule(systemCtx(testDb.db), "s-live");

    const enqueued = await testDb.db.select().from(jobs).where(like(jobs.singletonKey, "schedule:s-live:%"));
    const dueTimes = enqueued.map((job) => job.singletonKey);
    expect(enqueued.length).toBeGreaterThanOrEqual(2);
    expect(new Set(dueTimes).size).toBe(dueTimes.length);
    expect(enqueued.every((job) => job.state === "succeeded" && job.attempts === 1)).toBe(true);
    expect(calls).toHaveLength(enqueued.length);
  });
});

describe("the worker", () => {
  it("schedules the daily prune job at start", async () => {
    const worker = testWorker(testDb.db, { schedules: true });
    try {
      await expect.poll(() => schedule("jobs.prune"), { timeout: 5000, interval: 20 }).toBeDefined();
    } finally {
      await worker.stop();
    }

    const row = await schedule("jobs.prune");
    expect(row).toMatchObject({ job: "jobs.prune", cron: PRUNE_SCHEDULE.cron, timezone: "UTC", enabled: true });
    expect(row.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
  });
});
