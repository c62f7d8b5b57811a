import { eq } from "drizzle-orm";
import pg from "pg";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RateLimitConfig } from "@/lib/config";
import { rateLimitCounters } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { useTestDb } from "@/test/db";
import { openExtraPool } from "@/test/postgres";
import { isLeaseUsable, leaseSize, PointLeases, pointsBelowLimit } from "../rate-limit-leases";
import { RateLimits } from "../rate-limits";

// With DATABASE_URL, the RateLimits tests count in the PostgreSQL table that replicas share. The leases
// themselves also run here on a memory counter, so both databases test their logic.
const testDb = useTestDb();

const pools: pg.Pool[] = [];

/** Opens a pool of its own to the test database, as another app process would. */
function openPool(connectionString = testDb.handle.pool!.options.connectionString): pg.Pool {
  return openExtraPool(connectionString, pools);
}

function settings(overrides: Partial<RateLimitConfig>): RateLimitConfig {
  return { ingestPerKey: 0, ingestPerIp: 0, signInPerIp: 0, signInMaxFailures: 0, ...overrides };
}

function memoryLeases(points: number, duration = 60): { leases: PointLeases; limiter: RateLimiterMemory } {
  const limiter = new RateLimiterMemory({ keyPrefix: "test", points, duration });
  return { leases: new PointLeases({ limiter, points }), limiter };
}

async function consumedPoints(limiter: RateLimiterMemory, key: string): Promise<number | undefined> {
  return (await limiter.get(key))?.consumedPoints;
}

async function storedPoints(key: string): Promise<number | undefined> {
  const rows = await testDb.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, key));
  return rows[0]?.points;
}

/** Runs `check` `count` times in a row and returns how many calls it admitted before the first rejection. */
async function admittedUntilRejected(count: number, check: () => Promise<void>): Promise<number> {
  for (let admitted = 0; admitted < count; admitted++) {
    const rejected = await check().then(
      () => false,
      () => true,
    );
    if (rejected) return admitted;
  }
  return count;
}

async function rejection(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

beforeEach(async () => {
  if (testDb.handle.kind === "postgres") await testDb.db.delete(rateLimitCounters);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe("leaseSize", () => {
  it.each([
    [1, 1],
    [199, 1],
    [200, 2],
    [300, 3],
    [6000, 60],
    [12_000, 120],
  ])("takes 1%% of %i, at least 1", (limit, expected) => {
    expect(leaseSize(limit)).toBe(expected);
  });
});

describe("pointsBelowLimit", () => {
  it("grants the points left under the limit", () => {
    expect(pointsBelowLimit(302, 3, 303)).toBe(2);
  });

  it("grants nothing at the limit", () => {
    expect(pointsBelowLimit(300, 3, 303)).toBe(0);
  });

  it("grants nothing past the limit", () => {
    expect(pointsBelowLimit(300, 3, 330)).toBe(0);
  });

  it("grants nothing for an uncounted rejection", () => {
    expect(pointsBelowLimit(300, 3, 0)).toBe(0);
  });
});

describe("isLeaseUsable", () => {
  it("accepts points before the window ends", () => {
    expect(isLeaseUsable({ remaining: 1, expiresAt: 1000 }, 999)).toBe(true);
  });

  it("rejects points once the window ends", () => {
    expect(isLeaseUsable({ remaining: 1, expiresAt: 1000 }, 1000)).toBe(false);
  });

  it("rejects a used-up lease", () => {
    expect(isLeaseUsable({ remaining: 0, expiresAt: 1000 }, 0)).toBe(false);
  });

  it("rejects a missing lease", () => {
    expect(isLeaseUsable(undefined, 0)).toBe(false);
  });
});

describe("PointLeases on a memory counter", () => {
  it("consumes leases of 1% in sequence", async () => {
    const { leases, limiter } = memoryLeases(6000);

    for (let i = 0; i < 100; i++) await leases.consume("k");

    expect(await consumedPoints(limiter, "k")).toBe(120);
  });

  it("shares one lease between concurrent requests", async () => {
    const { leases, limiter } = memoryLeases(6000);
    const consume = vi.spyOn(limiter, "consume");

    await Promise.all(Array.from({ length: 100 }, () => leases.consume("k")));

    expect(consume).toHaveBeenCalledTimes(2);
    expect(await consumedPoints(limiter, "k")).toBe(120);
  });

  it("admits exactly the limit when leases do not divide it", async () => {
    const { leases } = memoryLeases(302);

    const admitted = await admittedUntilRejected(400, () => leases.consume("k"));

    expect(admitted).toBe(302);
  });

  it("rejects concurrent requests past the limit", async () => {
    const { leases } = memoryLeases(300);
    const results = await Promise.allSettled(Array.from({ length: 400 }, () => leases.consume("k")));

    const rejections = results.filter((result) => result.status === "rejected");
    expect(results.length - rejections.length).toBe(300);
    for (const result of rejections) expect(result.reason).toBeInstanceOf(RateLimiterRes);
  });

  it("stops using a lease when its window ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { leases, limiter } = memoryLeases(6000);
    await leases.consume("k");

    vi.setSystemTime(Date.now() + 60_000);
    await leases.consume("k");

    // The second request consumed a new lease in a new window instead of a point of the old one.
    expect(await consumedPoints(limiter, "k")).toBe(60);
  });

  it("deletes expired leases as the map grows", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { leases } = memoryLeases(6000);
    for (let i = 0; i < 999; i++) await leases.consume(`k${i}`);
    expect(leases.size).toBe(999);

    vi.setSystemTime(Date.now() + 60_000);
    await leases.consume("fresh");

    expect(leases.size).toBe(1);
  });

  it("keeps unexpired leases when the map grows", async () => {
    const { leases } = memoryLeases(6000);

    for (let i = 0; i < 1500; i++) await leases.consume(`k${i}`);

    expect(leases.size).toBe(1500);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("ingest leases on PostgreSQL", () => {
  it("does 2 upserts for 100 checks", async () => {
    const limits = new RateLimits(settings({ ingestPerKey: 6000 }), openPool());

    for (let i = 0; i < 100; i++) await limits.limitIngest({ keyId: 1, ip: "10.0.0.1" });

    expect(await storedPoints("ingest_key:key:1")).toBe(120);
  });

  it("does 2 upserts for 100 concurrent checks", async () => {
    const limits = new RateLimits(settings({ ingestPerKey: 6000 }), openPool());

    await Promise.all(Array.from({ length: 100 }, () => limits.limitIngest({ keyId: 2, ip: "10.0.0.1" })));

    expect(await storedPoints("ingest_key:key:2")).toBe(120);
  });

  it("leases the per-address counter", async () => {
    const limits = new RateLimits(settings({ ingestPerIp: 12_000 }), openPool());

    await limits.limitIngest({ keyId: null, ip: "10.0.0.3" });

    expect(await storedPoints("ingest_ip:ip:10.0.0.3")).toBe(120);
  });

  it("admits the limit across two processes", async () => {
    const replicas = [new RateLimits(settings({ ingestPerKey: 300 }), openPool()), new RateLimits(settings({ ingestPerKey: 300 }), openPool())];
    const check = (i: number) => replicas[i % 2].limitIngest({ keyId: 3, ip: "10.0.0.1" });

    for (let i = 0; i < 300; i++) await check(i);
    const error = await rejection(check(300));
    await rejection(check(301));

    expect(error.code).toBe("rate_limited");
    expect(error.message).toContain("API key");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await storedPoints("ingest_key:key:3")).toBe(306);
  });

  it("rejects while another process holds points", async () => {
    const first = new RateLimits(settings({ ingestPerKey: 300 }), openPool());
    const second = new RateLimits(settings({ ingestPerKey: 300 }), openPool());
    const check = (limits: RateLimits) => () => limits.limitIngest({ keyId: 4, ip: "10.0.0.1" });
    await check(first)();

    const admittedBySecond = await admittedUntilRejected(400, check(second));
    const admittedByFirst = await admittedUntilRejected(400, check(first));

    // The first process leased 3 points and used 1, so the second stops 2 short of the limit.
    expect(admittedBySecond).toBe(297);
    expect(admittedByFirst).toBe(2);
  });

  it("grants the points under the limit", async () => {
    const limits = new RateLimits(settings({ ingestPerKey: 302 }), openPool());

    const admitted = await admittedUntilRejected(400, () => limits.limitIngest({ keyId: 5, ip: "10.0.0.1" }));

    expect(admitted).toBe(302);
  });

  it("takes a new lease in a new window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const limits = new RateLimits(settings({ ingestPerKey: 300 }), openPool());
    await limits.limitIngest({ keyId: 6, ip: "10.0.0.1" });

    vi.setSystemTime(Date.now() + 60_000);
    await limits.limitIngest({ keyId: 6, ip: "10.0.0.1" });

    const [row] = await testDb.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, "ingest_key:key:6"));
    expect(row.points).toBe(3);
    expect(row.expire).toBeGreaterThan(Date.now());
  });

  it("leases from memory while the pool is exhausted", async () => {
    const pool = openPool();
    const limits = new RateLimits(settings({ ingestPerKey: 6000 }), pool);
    const heldClients = await Promise.all([pool.connect(), pool.connect()]);

    try {
      const started = performance.now();
      const admitted = await admittedUntilRejected(100, () => limits.limitIngest({ keyId: 7, ip: "10.0.0.1" }));

      // Two leases, each taken from the memory counter after the 250 ms database timeout. Without leases
      // each of the 100 checks would wait for the timeout, 25 s in all, so 10 s leaves room for a busy machine.
      expect(admitted).toBe(100);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      for (const client of heldClients) client.release();
    }
  });
});

describe("ingest leases with PostgreSQL down", () => {
  it("leases from memory and still rejects", async () => {
    // Nothing listens on port 1, so every connection is refused.
    const limits = new RateLimits(settings({ ingestPerKey: 300 }), openPool("postgres://postgres@127.0.0.1:1/keel"));

    const admitted = await admittedUntilRejected(400, () => limits.limitIngest({ keyId: 1, ip: "10.0.0.1" }));

    expect(admitted).toBe(300);
  });
});
