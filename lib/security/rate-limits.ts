import type pg from "pg";
import { RateLimiterRes } from "rate-limiter-flexible";
import { config, type RateLimitConfig } from "../config";
import { getDbHandle } from "../db/runtime";
import { KeelError } from "../errors";
import { metrics } from "../observability/metrics";
import { leaseSize, PointLeases } from "./rate-limit-leases";
import { counterKey, logFallback, memoryCounter, postgresCounter, type Counter, type CounterOptions } from "./rate-limit-counters";

// With PostgreSQL (DATABASE_URL), the counters live in its rate_limit_counters table, so all replicas
// share each limit. With the embedded PGlite database, one process serves Keel and they live in its memory,
// where a restart resets them.
// On PostgreSQL, the two ingest counters admit requests from leases of 1% of their limit, so one upsert
// serves many requests (lib/security/rate-limit-leases.ts). The other counters, and all counters in
// memory, count each request.
// NOTE: while PostgreSQL fails or is slow, each replica counts in its own memory, so N replicas together
// allow up to N times each limit until it recovers (lib/security/rate-limit-counters.ts).

const MINUTE_SECONDS = 60;
const SIGN_IN_WINDOW_SECONDS = 15 * 60;
const MAX_LOCKOUT_SECONDS = 24 * 60 * 60;
// An attacker who rotates IPs still meets this per-account limit, set wider than the per-IP one so that
// a single guesser cannot lock a colleague out from every address.
const ACCOUNT_FAILURES_FACTOR = 4;

export type LimitName = "ingest_key" | "ingest_ip" | "sign_in_ip" | "sign_in_account";

/** The request limits of one process, counted in the PostgreSQL database of `pool`, or in memory for null. */
export class RateLimits {
  private readonly ingestKey: Counter | PointLeases | null;
  private readonly ingestIp: Counter | PointLeases | null;
  private readonly signInIp: Counter | null;
  private readonly failures: Counter | null;
  private readonly accountFailures: Counter | null;
  /** Lockouts per account and IP in the last day; each one doubles the next lockout. */
  private readonly lockouts: Counter;

  constructor(
    readonly settings: RateLimitConfig,
    readonly pool: pg.Pool | null,
  ) {
    const counter = (options: CounterOptions, cleanExpired = false): Counter =>
      pool ? postgresCounter(pool, { ...options, cleanExpired }) : memoryCounter(options);
    const limited = (name: string, points: number, duration: number): Counter | null =>
      points > 0 ? counter({ name, points, duration }) : null;

    // A lease of one point would only make concurrent requests for a key wait for each other's upserts,
    // so limits under 200 per minute keep consuming one point per request.
    const leased = (shared: Counter | null): Counter | PointLeases | null =>
      pool && shared && leaseSize(shared.points) > 1 ? new PointLeases(shared) : shared;

    this.ingestKey = leased(limited("ingest_key", settings.ingestPerKey, MINUTE_SECONDS));
    this.ingestIp = leased(limited("ingest_ip", settings.ingestPerIp, MINUTE_SECONDS));
    this.signInIp = limited("sign_in_ip", settings.signInPerIp, SIGN_IN_WINDOW_SECONDS);
    this.failures = limited("sign_in_failures", settings.signInMaxFailures, SIGN_IN_WINDOW_SECONDS);
    this.accountFailures = limited("sign_in_account_failures", settings.signInMaxFailures * ACCOUNT_FAILURES_FACTOR, SIGN_IN_WINDOW_SECONDS);
    // This counter always exists, so it is the one that deletes expired rows for all of them.
    this.lockouts = counter({ name: "sign_in_lockouts", points: 1_000_000, duration: MAX_LOCKOUT_SECONDS }, true);
  }

  /** Throws a 429 KeelError when the API key or the client IP has used up its ingest requests this minute. */
  async limitIngest(input: { keyId: number | null; ip: string }): Promise<void> {
    if (input.keyId !== null) {
      await take(this.ingestKey, `key:${input.keyId}`, "ingest_key", `Too many ingest requests for this API key (limit ${this.settings.ingestPerKey} per minute).`);
    }
    await take(this.ingestIp, `ip:${input.ip}`, "ingest_ip", `Too many ingest requests from this address (limit ${this.settings.ingestPerIp} per minute).`);
  }

  /**
   * Throws a 429 KeelError when the client IP has used up its sign-in attempts, or when the account is
   * locked out after repeated failures from this IP or from any IP.
   */
  async limitSignIn(input: { email: string | null; ip: string }): Promise<void> {
    await take(this.signInIp, `ip:${input.ip}`, "sign_in_ip", "Too many sign-in attempts from this address.");
    if (!input.email) return;

    for (const [counter, key] of [
      [this.failures, failureKey(input.email, input.ip)],
      [this.accountFailures, accountKey(input.email)],
    ] as const) {
      const state = counter ? await counter.limiter.get(key) : null;
      if (counter && state && state.consumedPoints >= counter.points && state.msBeforeNext > 0) {
        throw rejected("sign_in_account", state.msBeforeNext, "Too many failed sign-ins for this account.");
      }
    }
  }

  /**
   * Counts a failed sign-in. Reaching the limit for the account and IP locks them out for the 15-minute
   * window, and each further lockout within a day doubles the wait, up to a day.
   */
  async recordSignInFailure(input: { email: string; ip: string }): Promise<void> {
    const key = failureKey(input.email, input.ip);
    await this.accountFailures?.limiter.penalty(accountKey(input.email)).catch(() => undefined);
    if (!this.failures) return;

    const state = await this.failures.limiter.penalty(key);
    if (state.consumedPoints < this.failures.points) return;

    const lockout = await this.lockouts.limiter.penalty(key);
    const seconds = Math.min(MAX_LOCKOUT_SECONDS, SIGN_IN_WINDOW_SECONDS * 2 ** (lockout.consumedPoints - 1));
    await this.failures.limiter.block(key, seconds);
  }

  /** Clears the failed sign-ins of the account from this IP after a successful sign-in. */
  async recordSignInSuccess(input: { email: string; ip: string }): Promise<void> {
    await this.failures?.limiter.delete(failureKey(input.email, input.ip));
  }
}

// One set per process on globalThis, shared by the separately bundled routes, as the metrics are.
const globalForLimits = globalThis as typeof globalThis & {
  keelRateLimits?: Promise<RateLimits>;
  /** Memory counters for the requests that arrive while the database cannot be opened. */
  keelRateLimitsWithoutDb?: RateLimits;
  keelRateLimitPool?: pg.Pool | null;
};

/**
 * Counts requests in the database of `pool`, or in memory for null, instead of the configured database;
 * undefined restores the configured one. For tests and scripts that open their own database.
 */
export function setRateLimitPool(pool: pg.Pool | null | undefined): void {
  globalForLimits.keelRateLimitPool = pool;
  globalForLimits.keelRateLimits = undefined;
}

/** Returns this process's limits for `settings`, replacing the current ones when the settings changed (tests). */
export async function rateLimits(settings: RateLimitConfig): Promise<RateLimits> {
  const current = await globalForLimits.keelRateLimits?.catch(() => undefined);
  if (current && JSON.stringify(current.settings) === JSON.stringify(settings)) return current;

  const created = counterPool().then((pool) => new RateLimits(settings, pool));
  globalForLimits.keelRateLimits = created;
  try {
    return await created;
  } catch (error) {
    // The next request tries to open the database again, as getDbHandle does.
    logFallback(error);
    const fallback = globalForLimits.keelRateLimitsWithoutDb;
    if (fallback && JSON.stringify(fallback.settings) === JSON.stringify(settings)) return fallback;
    globalForLimits.keelRateLimitsWithoutDb = new RateLimits(settings, null);
    return globalForLimits.keelRateLimitsWithoutDb;
  }
}

// The configured PostgreSQL pool, opened through the process's database handle; null with PGlite, whose
// single process can keep the counters in memory.
async function counterPool(): Promise<pg.Pool | null> {
  if (globalForLimits.keelRateLimitPool !== undefined) return globalForLimits.keelRateLimitPool;
  if (!config().databaseUrl) return null;
  return (await getDbHandle()).pool ?? null;
}

/**
 * Returns the client address: the last X-Forwarded-For entry, which is the one the nearest proxy added, or
 * the socket address that Next.js puts there when no proxy sent the header.
 * NOTE: a client that reaches Next.js directly can send its own X-Forwarded-For, so per-IP limits are only
 * as good as the proxy in front of Keel; the per-key and per-account limits do not depend on it.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || "unknown";
}

/** Throws a 429 KeelError when the API key or the client IP has used up its ingest requests this minute. */
export async function limitIngest(settings: RateLimitConfig, input: { keyId: number | null; ip: string }): Promise<void> {
  await (await rateLimits(settings)).limitIngest(input);
}

/** Throws a 429 KeelError when the client IP or the account must wait before signing in again. */
export async function limitSignIn(settings: RateLimitConfig, input: { email: string | null; ip: string }): Promise<void> {
  await (await rateLimits(settings)).limitSignIn(input);
}

/** Counts a failed sign-in, locking out the account and IP once they reach the limit. */
export async function recordSignInFailure(settings: RateLimitConfig, input: { email: string; ip: string }): Promise<void> {
  await (await rateLimits(settings)).recordSignInFailure(input);
}

/** Clears the failed sign-ins of the account from this IP after a successful sign-in. */
export async function recordSignInSuccess(settings: RateLimitConfig, input: { email: string; ip: string }): Promise<void> {
  await (await rateLimits(settings)).recordSignInSuccess(input);
}

function rejected(limit: LimitName, msBeforeNext: number, message: string): KeelError {
  metrics().rateLimited.inc({ limit });
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new KeelError("rate_limited", `${message} Retry after ${seconds} s.`, [], seconds);
}

// rate-limiter-flexible rejects with a RateLimiterRes when the points are used up, and so do the leases.
// A store error does not reach here, because the PostgreSQL counters hand it to their in-memory insurance
// counter.
async function take(counter: Counter | PointLeases | null, key: string, limit: LimitName, message: string): Promise<void> {
  if (!counter) return;
  try {
    if (counter instanceof PointLeases) await counter.consume(counterKey(key));
    else await counter.limiter.consume(counterKey(key));
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rejected(limit, error.msBeforeNext, message);
    throw error;
  }
}

function failureKey(email: string, ip: string): string {
  return counterKey(`${email.toLowerCase()}|${ip}`);
}

function accountKey(email: string): string {
  return counterKey(`account:${email.toLowerCase()}`);
}
