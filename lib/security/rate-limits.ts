import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitConfig } from "../config";
import { KeelError } from "../errors";
import { metrics } from "../observability/metrics";

// NOTE: the counters live in the memory of each process, so N replicas together allow up to N times each
// limit, and a restart resets them. That bounds abuse per process, which is what protects the database.

const MINUTE_SECONDS = 60;
const SIGN_IN_WINDOW_SECONDS = 15 * 60;
const MAX_LOCKOUT_SECONDS = 24 * 60 * 60;
// An attacker who rotates IPs still meets this per-account limit, set wider than the per-IP one so that
// a single guesser cannot lock a colleague out from every address.
const ACCOUNT_FAILURES_FACTOR = 4;

type Limiters = {
  settings: RateLimitConfig;
  ingestKey: RateLimiterMemory | null;
  ingestIp: RateLimiterMemory | null;
  signInIp: RateLimiterMemory | null;
  failures: RateLimiterMemory | null;
  accountFailures: RateLimiterMemory | null;
  /** Lockouts per account and IP in the last day; each one doubles the next lockout. */
  lockouts: RateLimiterMemory;
};

export type LimitName = "ingest_key" | "ingest_ip" | "sign_in_ip" | "sign_in_account";

// One set per process on globalThis, shared by the separately bundled routes, as the metrics are.
const globalForLimits = globalThis as typeof globalThis & { keelRateLimits?: Limiters };

function limiter(points: number, duration: number): RateLimiterMemory | null {
  return points > 0 ? new RateLimiterMemory({ points, duration }) : null;
}

/** Returns the limiters for `settings`, replacing the current ones when the settings changed (tests). */
export function rateLimiters(settings: RateLimitConfig): Limiters {
  const current = globalForLimits.keelRateLimits;
  if (current && JSON.stringify(current.settings) === JSON.stringify(settings)) return current;

  globalForLimits.keelRateLimits = {
    settings,
    ingestKey: limiter(settings.ingestPerKey, MINUTE_SECONDS),
    ingestIp: limiter(settings.ingestPerIp, MINUTE_SECONDS),
    signInIp: limiter(settings.signInPerIp, SIGN_IN_WINDOW_SECONDS),
    failures: limiter(settings.signInMaxFailures, SIGN_IN_WINDOW_SECONDS),
    accountFailures: limiter(settings.signInMaxFailures * ACCOUNT_FAILURES_FACTOR, SIGN_IN_WINDOW_SECONDS),
    lockouts: new RateLimiterMemory({ points: 1_000_000, duration: MAX_LOCKOUT_SECONDS }),
  };
  return globalForLimits.keelRateLimits;
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

function rejected(limit: LimitName, msBeforeNext: number, message: string): KeelError {
  metrics().rateLimited.inc({ limit });
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new KeelError("rate_limited", `${message} Retry after ${seconds} s.`, [], seconds);
}

// rate-limiter-flexible rejects with a RateLimiterRes when the points are used up, and with an Error only
// when its store fails, which the memory store does not.
async function take(limiterOrNull: RateLimiterMemory | null, key: string, limit: LimitName, message: string): Promise<void> {
  if (!limiterOrNull) return;
  try {
    await limiterOrNull.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rejected(limit, error.msBeforeNext, message);
    throw error;
  }
}

/** Throws a 429 KeelError when the API key or the client IP has used up its ingest requests this minute. */
export async function limitIngest(settings: RateLimitConfig, input: { keyId: number | null; ip: string }): Promise<void> {
  const limits = rateLimiters(settings);
  if (input.keyId !== null) {
    await take(limits.ingestKey, `key:${input.keyId}`, "ingest_key", `Too many ingest requests for this API key (limit ${settings.ingestPerKey} per minute).`);
  }
  await take(limits.ingestIp, `ip:${input.ip}`, "ingest_ip", `Too many ingest requests from this address (limit ${settings.ingestPerIp} per minute).`);
}

/**
 * Throws a 429 KeelError when the client IP has used up its sign-in attempts, or when the account is
 * locked out after repeated failures from this IP or from any IP.
 */
export async function limitSignIn(settings: RateLimitConfig, input: { email: string | null; ip: string }): Promise<void> {
  const limits = rateLimiters(settings);
  await take(limits.signInIp, `ip:${input.ip}`, "sign_in_ip", "Too many sign-in attempts from this address.");
  if (!input.email) return;

  for (const [store, key] of [
    [limits.failures, failureKey(input.email, input.ip)],
    [limits.accountFailures, `account:${input.email.toLowerCase()}`],
  ] as const) {
    const state = store ? await store.get(key) : null;
    if (store && state && state.consumedPoints >= store.points && state.msBeforeNext > 0) {
      throw rejected("sign_in_account", state.msBeforeNext, "Too many failed sign-ins for this account.");
    }
  }
}

/**
 * Counts a failed sign-in. Reaching the limit for the account and IP locks them out for the 15-minute
 * window, and each further lockout within a day doubles the wait, up to a day.
 */
export async function recordSignInFailure(settings: RateLimitConfig, input: { email: string; ip: string }): Promise<void> {
  const limits = rateLimiters(settings);
  const key = failureKey(input.email, input.ip);
  await limits.accountFailures?.penalty(`account:${input.email.toLowerCase()}`).catch(() => undefined);
  if (!limits.failures) return;

  const state = await limits.failures.penalty(key);
  if (state.consumedPoints < limits.failures.points) return;

  const lockout = await limits.lockouts.penalty(key);
  const seconds = Math.min(MAX_LOCKOUT_SECONDS, SIGN_IN_WINDOW_SECONDS * 2 ** (lockout.consumedPoints - 1));
  await limits.failures.block(key, seconds);
}

/** Clears the failed sign-ins of the account from this IP after a successful sign-in. */
export async function recordSignInSuccess(settings: RateLimitConfig, input: { email: string; ip: string }): Promise<void> {
  const limits = rateLimiters(settings);
  await limits.failures?.delete(failureKey(input.email, input.ip));
}

function failureKey(email: string, ip: string): string {
  return `${email.toLowerCase()}|${ip}`;
}
