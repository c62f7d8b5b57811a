import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RateLimitConfig } from "@/lib/config";
import { rateLimitCounters } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { useTestDb } from "@/test/db";
import { openExtraPool } from "@/test/postgres";
import { clientIp, limitIngest, limitSignIn, RateLimits, recordSignInFailure, recordSignInSuccess, setRateLimitPool } from "../rate-limits";

// With DATABASE_URL, these tests count in the PostgreSQL table that replicas share; with PGlite, in memory.
const testDb = useTestDb();

let run = 0;

// Each test gets limiters of its own: different settings replace the process-wide set.
function settings(overrides: Partial<RateLimitConfig> = {}): RateLimitConfig {
  run += 1;
  return { ingestPerKey: 1000 + run, ingestPerIp: 100_000 + run, signInPerIp: 1000 + run, signInMaxFailures: 3, ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

beforeAll(() => {
  setRateLimitPool(testDb.handle.pool ?? null);
});

// Tests reuse keys, and rows in the shared table outlive the limiters of a test.
beforeEach(async () => {
  if (testDb.handle.kind === "postgres") await testDb.db.delete(rateLimitCounters);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  setRateLimitPool(undefined);
});

describe("limitIngest", () => {
  it("rejects a key past its limit with 429", async () => {
    const limits = settings({ ingestPerKey: 2 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.2" });

    const error = await rejection(limitIngest(limits, { keyId: 1, ip: "10.0.0.3" }));

    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toContain("API key");
  });

  it("counts each key apart", async () => {
    const limits = settings({ ingestPerKey: 1 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });

    await expect(limitIngest(limits, { keyId: 2, ip: "10.0.0.1" })).resolves.toBeUndefined();
  });

  it("rejects an address past its limit", async () => {
    const limits = settings({ ingestPerIp: 2 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.9" });
    await limitIngest(limits, { keyId: 2, ip: "10.0.0.9" });

    const error = await rejection(limitIngest(limits, { keyId: 3, ip: "10.0.0.9" }));

    expect(error.message).toContain("address");
  });

  it("turns a limit off with 0", async () => {
    const limits = settings({ ingestPerKey: 0, ingestPerIp: 0 });

    for (let i = 0; i < 50; i++) await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });
  });
});

describe("sign-in limits", () => {
  const attempt = { email: "Ada@Example.com", ip: "192.0.2.1" };

  it("locks an account and IP out after the maximum failures", async () => {
    const limits = settings({ signInMaxFailures: 3 });
    for (let i = 0; i < 3; i++) {
      await limitSignIn(limits, attempt);
      await recordSignInFailure(limits, attempt);
    }

    const error = await rejection(limitSignIn(limits, attempt));

    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("treats the email case-insensitively", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, { ...attempt, email: "ada@example.com" });

    await rejection(limitSignIn(limits, { ...attempt, email: "ADA@EXAMPLE.COM" }));
  });

  it("doubles the lockout each time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const limits = settings({ signInMaxFailures: 2 });
    const lockoutSeconds = async () => (await rejection(limitSignIn(limits, attempt))).retryAfterSeconds!;

    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);
    const first = await lockoutSeconds();
    vi.setSystemTime(Date.now() + first * 1000 + 1000);
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);
    const second = await lockoutSeconds();

    expect(first).toBe(15 * 60);
    expect(second).toBe(30 * 60);
  });

  it("leaves other addresses of the account alone", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);

    await expect(limitSignIn(limits, { ...attempt, ip: "192.0.2.2" })).resolves.toBeUndefined();
  });

  it("locks the account for every address after many", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    for (let i = 0; i < 8; i++) await recordSignInFailure(limits, { ...attempt, ip: `198.51.100.${i}` });

    const error = await rejection(limitSignIn(limits, { ...attempt, ip: "203.0.113.7" }));

    expect(error.message).toContain("account");
  });

  it("clears failures after a success", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInSuccess(limits, attempt);
    await recordSignInFailure(limits, attempt);

    await expect(limitSignIn(limits, attempt)).resolves.toBeUndefined();
  });

  it("limits attempts per address", async () => {
    const limits = settings({ signInPerIp: 2 });
    await limitSignIn(limits, { email: null, ip: "192.0.2.50" });
    await limitSignIn(limits, { email: null, ip: "192.0.2.50" });

    const error = await rejection(limitSignIn(limits, { email: null, ip: "192.0.2.50" }));

    expect(error.message).toContain("address");
  });
});

describe("clientIp", () => {
  it("takes the last forwarded address", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.1, 10.0.0.7" }))).toBe("10.0.0.7");
  });

  it("falls back without the header", () => {
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

// Two RateLimits with pools of their own stand for two app processes on one database.
const sharedSettings: RateLimitConfig = { ingestPerKey: 3, ingestPerIp: 0, signInPerIp: 0, signInMaxFailures: 2 };
const sharedAttempt = { email: "grace@example.com", ip: "192.0.2.10" };

const pools: pg.Pool[] = [];

/** Opens a pool of its own to the test database, as a second app process would. */
function openPool(connectionString = testDb.handle.pool!.options.connectionString): pg.Pool {
  return openExtraPool(connectionString, pools);
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe.skipIf(!process.env.DATABASE_URL)("rate limits on PostgreSQL", () => {
  it("shares the ingest budget between processes", async () => {
    const first = new RateLimits(sharedSettings, openPool());
    const second = new RateLimits(sharedSettings, openPool());

    await first.limitIngest({ keyId: 7, ip: "10.0.0.1" });
    await first.limitIngest({ keyId: 7, ip: "10.0.0.1" });
    await second.limitIngest({ keyId: 7, ip: "10.0.0.2" });
    const error = await rejection(second.limitIngest({ keyId: 7, ip: "10.0.0.2" }));

    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    await rejection(first.limitIngest({ keyId: 7, ip: "10.0.0.1" }));
  });

  it("stores counters in rate_limit_counters", async () => {
    await new RateLimits(sharedSettings, openPool()).limitIngest({ keyId: 8, ip: "10.0.0.1" });

    const rows = await testDb.db.select({ key: rateLimitCounters.key, points: rateLimitCounters.points }).from(rateLimitCounters);
    expect(rows).toEqual([{ key: "ingest_key:key:8", points: 1 }]);
  });

  it("shares lockouts between processes", async () => {
    const first = new RateLimits(sharedSettings, openPool());
    const second = new RateLimits(sharedSettings, openPool());

    await first.recordSignInFailure(sharedAttempt);
    await second.recordSignInFailure(sharedAttempt);
    const error = await rejection(second.limitSignIn(sharedAttempt));
    await rejection(first.limitSignIn(sharedAttempt));

    expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("clears failures for every process", async () => {
    const first = new RateLimits(sharedSettings, openPool());
    const second = new RateLimits(sharedSettings, openPool());

    await first.recordSignInFailure(sharedAttempt);
    await second.recordSignInSuccess(sharedAttempt);
    await first.recordSignInFailure(sharedAttempt);

    await expect(second.limitSignIn(sharedAttempt)).resolves.toBeUndefined();
  });

  it("hashes keys too long for the table", async () => {
    const limits = new RateLimits(sharedSettings, openPool());
    const email = `${"a".repeat(1000)}@example.com`;

    await limits.recordSignInFailure({ email, ip: sharedAttempt.ip });
    await limits.recordSignInFailure({ email, ip: sharedAttempt.ip });
    await rejection(limits.limitSignIn({ email, ip: sharedAttempt.ip }));

    const rows = await testDb.db.select({ key: rateLimitCounters.key }).from(rateLimitCounters);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key.length).toBeLessThanOrEqual(255);
  });

  it("counts in memory while the pool is exhausted", async () => {
    const pool = openPool();
    const limits = new RateLimits(sharedSettings, pool);
    const heldClients = await Promise.all([pool.connect(), pool.connect()]);

    try {
      const started = performance.now();
      await limits.limitIngest({ keyId: 9, ip: "10.0.0.1" });
      await limits.limitIngest({ keyId: 9, ip: "10.0.0.1" });
      await limits.limitIngest({ keyId: 9, ip: "10.0.0.1" });
      await rejection(limits.limitIngest({ keyId: 9, ip: "10.0.0.1" }));

      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      for (const client of heldClients) client.release();
    }
  });
});

describe("rate limits with PostgreSQL down", () => {
  it("counts in memory and still rejects", async () => {
    // Nothing listens on port 1, so every connection is refused.
    const limits = new RateLimits(sharedSettings, openPool("postgres://postgres@127.0.0.1:1/keel"));

    await limits.limitIngest({ keyId: 1, ip: "10.0.0.1" });
    await limits.limitIngest({ keyId: 1, ip: "10.0.0.1" });
    await limits.limitIngest({ keyId: 1, ip: "10.0.0.1" });
    const error = await rejection(limits.limitIngest({ keyId: 1, ip: "10.0.0.1" }));

    expect(error.code).toBe("rate_limited");
  });

  it("keeps the lockout logic", async () => {
    const limits = new RateLimits(sharedSettings, openPool("postgres://postgres@127.0.0.1:1/keel"));

    await limits.recordSignInFailure(sharedAttempt);
    await limits.recordSignInFailure(sharedAttempt);
    const error = await rejection(limits.limitSignIn(sharedAttempt));

    expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
  });
});
