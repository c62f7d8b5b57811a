import type { z } from "zod";
import type { Ctx } from "../context";

/** One attempt of a job as its handler receives it. */
export type JobRun<P> = {
  id: string;
  name: string;
  payload: P;
  attempt: number /* 1-based */;
  /** Aborted when the attempt times out or the worker stops; a handler should end its work soon after. */
  signal: AbortSignal;
};

/** Exponential backoff between attempts: the delay before attempt n+1 is drawn from [d/2, d] with d = min(maxMs, baseMs * 2^(n-1)). */
export type RetryDelay = { baseMs: number; maxMs: number };

export type JobDefinition<P> = {
  name: string;
  payload: z.ZodType<P>;
  // Method syntax keeps the parameter bivariant, so a list of JobDefinition<unknown> accepts every definition.
  run(ctx: Ctx, job: JobRun<P>): Promise<void>;
  maxAttempts: number;
  /** Lease of each attempt: after this many milliseconds another worker may start the job again. */
  timeoutMs: number;
  retryDelay: RetryDelay;
};

export type JobSpec<P> = {
  /** Dotted name such as "webhooks.deliver"; it is stored with each job, so renaming one orphans queued jobs. */
  name: string;
  payload: z.ZodType<P>;
  run: (ctx: Ctx, job: JobRun<P>) => Promise<void>;
  maxAttempts?: number;
  timeoutMs?: number;
  retryDelay?: Partial<RetryDelay>;
};

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_RETRY_DELAY: RetryDelay = { baseMs: 10_000, maxMs: 60 * 60_000 };

const JOB_NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

// Every definition made in this process, so that a schedule can be checked against its job by name.
const definedJobs = new Map<string, JobDefinition<unknown>>();

/** Defines a job: its name, the zod schema of its payload, its handler and its retry and lease settings. */
export function defineJob<P>(spec: JobSpec<P>): JobDefinition<P> {
  if (!JOB_NAME.test(spec.name)) {
    throw new Error(`Invalid job name "${spec.name}": use lowercase dotted words such as "webhooks.deliver".`);
  }
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`Invalid maxAttempts ${maxAttempts} for job "${spec.name}": use a whole number of at least 1.`);
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new Error(`Invalid timeoutMs ${timeoutMs} for job "${spec.name}": use whole milliseconds from 1 to 2147483647.`);
  }

  const definition: JobDefinition<P> = {
    name: spec.name,
    payload: spec.payload,
    run: spec.run,
    maxAttempts,
    timeoutMs,
    retryDelay: { ...DEFAULT_RETRY_DELAY, ...spec.retryDelay },
  };
  definedJobs.set(spec.name, definition as JobDefinition<unknown>);
  return definition;
}

/** Returns the definition made in this process under `name`, if any. */
export function definedJob(name: string): JobDefinition<unknown> | undefined {
  return definedJobs.get(name);
}

/**
 * Thrown by a handler to ask for another attempt, after `delayMs` when given, else after the definition's
 * backoff. It counts as an attempt: once maxAttempts are used up the job fails with this message.
 */
export class RetryJob extends Error {
  readonly delayMs?: number;

  constructor(message: string, options?: { delayMs?: number }) {
    super(message);
    this.name = "RetryJob";
    this.delayMs = options?.delayMs;
  }
}

/** Returns the delay before the attempt after `attempt`, with "equal jitter" (half fixed, half random). */
export function retryDelayMs(attempt: number, delay: RetryDelay, random: () => number = Math.random): number {
  const ceiling = Math.min(delay.maxMs, delay.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
