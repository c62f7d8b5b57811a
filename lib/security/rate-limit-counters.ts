import { createHash } from "node:crypto";
import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from "rate-limiter-flexible";
import { logger } from "../log";

/** The table that a drizzle migration creates for the shared counters (lib/db/schema/rate-limits.ts). */
const COUNTERS_TABLE = "rate_limit_counters";

// A counter update is one single-row upsert: under 1 ms at the median, and 11 ms at the p95 with 8 in
// flight, on the machine of docs/benchmarks.md. Past this wait the database is overloaded or unreachable,
// so the request is counted in memory instead of waiting out the pool's connection timeout.
const DATABASE_TIMEOUT_MS = 250;

// The table's key column is varchar(255), and the longest limit prefix takes 25 characters.
const MAX_KEY_CHARS = 200;

const FALLBACK_LOG_INTERVAL_MS = 60_000;

export type CounterOptions = {
  /** Prefix that keeps the keys of each limit apart in the shared table. */
  name: string;
  points: number;
  /** Window length in seconds. */
  duration: number;
};

/** A limiter and the points it allows per window, which the timeout wrapper does not report itself. */
export type Counter = { limiter: RateLimiterAbstract; points: number };

/** Creates a counter that lives in this process's memory. */
export function memoryCounter(options: CounterOptions): Counter {
  const limiter = new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: options.duration });
  return { limiter, points: options.points };
}

/**
 * Creates a counter in the PostgreSQL table that every replica shares. When a query fails or takes longer
 * than 250 ms, an in-memory counter of this process with the same limit counts the request. A database
 * outage thus loosens the limit to one budget per replica instead of failing the request.
 * With `cleanExpired`, the counter deletes every 5 minutes the rows of any limit whose window ended over
 * an hour ago. One such counter per process is enough.
 */
export function postgresCounter(pool: pg.Pool, options: CounterOptions & { cleanExpired: boolean }): Counter {
  const shared = new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: COUNTERS_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: options.cleanExpired,
    keyPrefix: options.name,
    points: options.points,
    duration: options.duration,
  });
  const limiter = new FallbackToMemory({
    limiter: shared,
    timeoutMs: DATABASE_TIMEOUT_MS,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: options.duration }),
  });
  return { limiter, points: options.points };
}

/** Returns `key`, or a SHA-256 digest of it when it is too long for the table's key column. */
export function counterKey(key: string): string {
  if (key.length <= MAX_KEY_CHARS) return key;
  return `sha256:${createHash("sha256").update(key).digest("base64url")}`;
}

let fallbacksSinceLog = 0;
let lastFallbackLogAt = 0;

// rate-limiter-flexible 11.4 passes each store error and timeout to `_handleError`, which hands the call
// to the insurance limiter. This override only logs that, once a minute at most, and then defers to it.
class FallbackToMemory extends RLWrapperTimeouts {
  _handleError(error: unknown, ...rest: unknown[]): void {
    if (!(error instanceof RateLimiterRes)) logFallback(error);
    const base = RLWrapperTimeouts.prototype as unknown as { _handleError: (...args: unknown[]) => void };
    base._handleError.call(this, error, ...rest);
  }
}

/** Logs that counters fell back to memory because of `error`, once a minute at most, with the count since. */
export function logFallback(error: unknown): void {
  fallbacksSinceLog += 1;
  const now = Date.now();
  if (now - lastFallbackLogAt < FALLBACK_LOG_INTERVAL_MS) return;

  logger.warn(
    { error: error instanceof Error ? error.message : String(error), fallbacks: fallbacksSinceLog },
    "rate-limit counters in PostgreSQL failed or timed out; counting in this process's memory",
  );
  lastFallbackLogAt = now;
  fallbacksSinceLog = 0;
}
