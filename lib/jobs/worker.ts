import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as setTimeoutPromise } from "node:timers/promises";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import { logger as rootLogger, withLogContext, type Logger } from "../log";
import { metrics } from "../observability/metrics";
import { retryDelayMs, RetryJob, type JobDefinition } from "./define";
import { claimJobs, completeJob, failExpiredLeases, failJob, releaseJob, type ClaimedJob } from "./queue";
import { builtInSchedules, jobDefinitions } from "./registry";
import { enqueueDueSchedules, upsertSchedule } from "./schedules";

export type WorkerOptions = {
  db: Db;
  /** The jobs this worker runs; the registry's list when absent. Jobs of other names stay queued for other workers. */
  definitions?: readonly JobDefinition<unknown>[];
  /** Jobs run at once by this worker; default 4. */
  concurrency?: number;
  /** Milliseconds between polls while the queue is empty; default 1000. */
  pollIntervalMs?: number;
  /** Whether this worker enqueues due schedules; default true. */
  schedules?: boolean;
  /** Unique per worker; default `<host>:<pid>:<random>`. */
  workerId?: string;
  log?: Logger;
  now?: () => Date;
};

export type Worker = {
  id: string;
  /**
   * Stops claiming jobs and resolves once the running jobs have finished. With `graceMs`, resolves after
   * at most that long: jobs still running then are aborted and put back in the queue for another worker.
   */
  stop: (options?: { graceMs?: number }) => Promise<void>;
};

const MAX_ERROR_BACKOFF_MS = 30_000;

class JobTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms; the lease ended, so another worker may run the job again.`);
    this.name = "JobTimeoutError";
  }
}

/**
 * Starts a worker that polls the jobs table, runs claimed jobs with up to `concurrency` at once, records
 * each attempt's result under its lease, and enqueues due schedules. Any number of workers may share a
 * PostgreSQL database; with PGlite, run one, inside the process that owns the data folder.
 */
export function startWorker(options: WorkerOptions): Worker {
  const definitions = new Map<string, JobDefinition<unknown>>();
  for (const definition of options.definitions ?? jobDefinitions) {
    if (definitions.has(definition.name)) throw new Error(`Two job definitions are named "${definition.name}"; job names must be unique.`);
    definitions.set(definition.name, definition);
  }

  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? 4;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`Invalid worker concurrency ${concurrency}: use a whole number of at least 1.`);
  if (!(pollIntervalMs > 0)) throw new Error(`Invalid worker poll interval ${pollIntervalMs} ms: use a positive number of milliseconds.`);
  const now = options.now ?? (() => new Date());
  const log = (options.log ?? rootLogger).child({ workerId: id });
  const ctx: Ctx = { db: options.db, actor: { type: "system" }, log, now };
  const tickSchedules = options.schedules ?? true;

  const running = new Set<Promise<void>>();
  const claimedJobs = new Map<number, ClaimedJob>();
  // Jobs that stop() put back in the queue; their attempts record no result when they settle.
  const released = new Set<number>();
  let stopping = false;
  let woken = false;
  let endIdle: () => void = () => undefined;

  // Called when a job finishes (a slot is free) or stop() is called; ends the current or next idle wait.
  const wake = () => {
    woken = true;
    endIdle();
  };
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const timer = setTimeout(resolve, ms);
      endIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // The abort controller of each running attempt, so that stop() can signal the attempts it waits for.
  const controllers = new Map<number, AbortController>();

  // Every line logged while the job runs, by the worker or the job's own code, carries the job id and name.
  const runJob = (job: ClaimedJob) => withLogContext({ jobId: job.id, job: job.name }, () => runClaimedJob(job));

  const runClaimedJob = async (job: ClaimedJob) => {
    const definition = definitions.get(job.name)!;
    const jobLog = log.child({ attempt: job.attempt });
    const started = performance.now();
    jobLog.info("job started");

    const payload = definition.payload.safeParse(job.payload);
    if (!payload.success) {
      // Another attempt would read the same payload, so the job fails at once.
      const error = `Invalid payload: ${payload.error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ")}`;
      jobLog.error({ error }, "job payload no longer matches its schema; failed the job");
      metrics().jobRuns.inc({ job: job.name, outcome: "failed" });
      await failJob(options.db, job, { now: now(), durationMs: null, error, retryAt: null });
      return;
    }

    const controller = new AbortController();
    controllers.set(job.id, controller);
    const run = { id: String(job.id), name: job.name, payload: payload.data, attempt: job.attempt, signal: controller.signal };
    const attempt = Promise.resolve().then(() => definition.run({ ...ctx, log: jobLog }, run));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JobTimeoutError(job.timeoutMs)), job.timeoutMs);
    });

    try {
      await Promise.race([attempt, timeout]);
      const durationMs = performance.now() - started;
      const recorded = await completeJob(options.db, job, { now: now(), durationMs });
      metrics().jobRuns.inc({ job: job.name, outcome: recorded ? "succeeded" : "lost_lease" });
      if (recorded) jobLog.info({ durationMs: Math.round(durationMs) }, "job succeeded");
      else jobLog.warn({ durationMs: Math.round(durationMs) }, "job finished after its lease was taken over; its result was not recorded");
    } catch (error) {
      if (error instanceof JobTimeoutError) {
        // The attempt keeps its slot until it settles, so this worker never runs a retry next to it.
        controller.abort(error);
        jobLog.warn({ timeoutMs: job.timeoutMs }, "job attempt timed out; aborted it and waiting for it to settle");
        await attempt.catch(() => undefined);
      }
      if (released.has(job.id)) return;

      const durationMs = performance.now() - started;
      const retry = job.attempt < job.maxAttempts;
      const delay = error instanceof RetryJob && error.delayMs !== undefined ? error.delayMs : retryDelayMs(job.attempt, definition.retryDelay);
      const retryAt = retry ? new Date(now().getTime() + delay) : null;
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(options.db, job, { now: now(), durationMs, error: message, retryAt });

      metrics().jobRuns.inc({ job: job.name, outcome: outcome === "retrying" || outcome === "failed" ? outcome : "lost_lease" });
      const fields = { err: error, durationMs: Math.round(durationMs), retryAt: retryAt?.toISOString() };
      if (outcome === "retrying") jobLog.warn(fields, "job attempt failed; retrying");
      else if (outcome === "failed") jobLog.error(fields, "job failed on its last attempt");
      else jobLog.warn(fields, "job attempt failed after its lease was taken over; its result was not recorded");
    } finally {
      clearTimeout(timer);
      controllers.delete(job.id);
    }
  };

  const track = (job: ClaimedJob) => {
    claimedJobs.set(job.id, job);
    const promise = runJob(job)
      .catch((error: unknown) => {
        // Recording the result failed (the database is unreachable): the lease expires and the job runs again.
        log.error({ err: error, jobId: job.id, job: job.name }, "could not record a job result; the job will run again after its lease");
      })
      .finally(() => {
        claimedJobs.delete(job.id);
        running.delete(promise);
        wake();
      });
    running.add(promise);
  };

  const loop = async () => {
    let schedulesReady = !tickSchedules;
    let nextSweep = 0;
    let failures = 0;

    while (!stopping) {
      woken = false;
      let claimedAll = false;
      try {
        if (!schedulesReady) {
          for (const schedule of builtInSchedules) if (definitions.has(schedule.job)) await upsertSchedule(ctx, schedule);
        }
        schedulesReady = true;
        // The loop also runs each time a job finishes; these checks need to run only once per poll interval.
        if (Date.now() >= nextSweep) {
          if (tickSchedules) await enqueueDueSchedules(ctx, definitions);
          const expired = await failExpiredLeases(options.db, { workerId: id, now: now() });
          if (expired > 0) log.warn({ jobs: expired }, "failed jobs whose lease expired on their last attempt");
          nextSweep = Date.now() + pollIntervalMs;
        }

        const free = concurrency - running.size;
        if (free > 0) {
          const claimed = await claimJobs(options.db, { workerId: id, names: [...definitions.keys()], limit: free, now: now() });
          for (const job of claimed) track(job);
          claimedAll = claimed.length === free;
        }
        failures = 0;
      } catch (error) {
        failures++;
        log.error({ err: error, failures }, "job worker poll failed; retrying");
      }
      if (stopping) break;

      // A full claim suggests more jobs are waiting: poll again as soon as a slot is free.
      const wait = failures > 0 ? Math.min(MAX_ERROR_BACKOFF_MS, pollIntervalMs * 2 ** failures) : pollIntervalMs;
      if (claimedAll && running.size < concurrency) continue;
      await idle(wait);
    }
  };

  log.info({ concurrency, pollIntervalMs, jobs: [...definitions.keys()] }, "job worker started");
  const looping = loop();

  const releaseRunning = async () => {
    for (const job of claimedJobs.values()) {
      released.add(job.id);
      // Released before the abort, so that an attempt ending at the abort finds its lease gone and records nothing.
      const done = await releaseJob(options.db, job, { now: now() }).catch((error: unknown) => {
        log.error({ err: error, jobId: job.id, job: job.name }, "could not release a job; it runs again after its lease");
        return false;
      });
      controllers.get(job.id)?.abort(new Error("The worker is stopping; the job was put back in the queue."));
      if (done) log.info({ jobId: job.id, job: job.name, attempt: job.attempt }, "released a running job for another worker");
    }
  };

  return {
    id,
    stop: async (stopOptions = {}) => {
      stopping = true;
      wake();
      await looping;

      const settled = Promise.allSettled([...running]).then(() => true);
      let finished = true;
      if (stopOptions.graceMs === undefined) await settled;
      else {
        const graceTimer = new AbortController();
        const graceEnded = setTimeoutPromise(stopOptions.graceMs, false, { signal: graceTimer.signal }).catch(() => false);
        finished = await Promise.race([settled, graceEnded]);
        graceTimer.abort();
      }
      if (!finished) {
        await releaseRunning();
        log.info({ graceMs: stopOptions.graceMs, released: released.size }, "job worker stopped; released the jobs still running");
        return;
      }
      log.info("job worker stopped");
    },
  };
}
