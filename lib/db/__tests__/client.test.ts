import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "@/test/postgres";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "../client";

const serverUrl = process.env.DATABASE_URL;

describe.skipIf(!serverUrl)("openDb on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 1, connectTimeoutMs: 1_000 });
  });
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  it("releases the client when BEGIN fails", async () => {
    // An isolation level PostgreSQL does not know makes the BEGIN statement itself fail.
    const badConfig = { isolationLevel: "no such level" } as unknown as Parameters<DbHandle["db"]["transaction"]>[1];

    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(handle.db.transaction(async () => undefined, badConfig)).rejects.toThrow();
    }

    // With the pool's only client leaked, this query would wait a second for a client and then fail.
    const result = (await handle.db.execute(sql`SELECT 1 AS one`)) as unknown as { rows: { one: number }[] };
    expect(result.rows[0].one).toBe(1);
    expect(handle.pool!.waitingCount).toBe(0);
  });

  it("commits and rolls back through the released client", async () => {
    await handle.db.execute(sql`CREATE TABLE items (id int PRIMARY KEY)`);

    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO items VALUES (1)`);
    });
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO items VALUES (2)`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");

    const result = (await handle.db.execute(sql`SELECT array_agg(id ORDER BY id) AS ids FROM items`)) as unknown as {
      rows: { ids: number[] }[];
    };
    expect(result.rows[0].ids).toEqual([1]);
  });
});

describe("openDb on PGlite", () => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
    await handle.db.execute(sql`CREATE TABLE numbers AS SELECT g AS x FROM generate_series(1, 200000) g`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("lets timers run between queries", async () => {
    // PGlite runs in this thread. Each of these queries takes milliseconds, so a timer fires between them
    // only when the event loop gets a turn.
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      await handle.db.transaction(async (tx) => {
        for (let index = 0; index < 10; index += 1) await tx.execute(sql`SELECT sum(x) FROM numbers`);
      });
      const inTransaction = ticks;
      for (let index = 0; index < 10; index += 1) await handle.db.execute(sql`SELECT sum(x) FROM numbers`);

      expect(inTransaction).toBeGreaterThan(0);
      expect(ticks - inTransaction).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });
});
