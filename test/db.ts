import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb, type Db, type DbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { createScratchDatabase } from "./postgres";

export type TestDb = { handle: DbHandle; db: Db; close: () => Promise<void> };

/**
 * Opens a fresh, migrated database: an in-memory PGlite by default, or a new database on the
 * PostgreSQL server at DATABASE_URL, which `close` drops again.
 */
export async function openTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // test/db-setup.ts saved a migrated data folder; files outside the unit project have none.
    const templatePath = inject("pgliteTemplatePath");
    const loadDataDir = templatePath ? new Blob([readFileSync(templatePath)]) : undefined;
    const handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR, loadDataDir });
    await migrateDb(handle);
    return { handle, db: handle.db, close: () => handle.close() };
  }

  const scratch = await createScratchDatabase(serverUrl);
  try {
    const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 5 });
    await migrateDb(handle);
    const close = async () => {
      await handle.close();
      await scratch.drop();
    };
    return { handle, db: handle.db, close };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

/**
 * Registers hooks that give the calling test file one fresh database, opened before its first test and
 * closed after its last. Read `.db` inside tests or hooks, not at module level.
 */
export function useTestDb(): { readonly db: Db; readonly handle: DbHandle } {
  let testDb: TestDb | undefined;

  beforeAll(async () => {
    testDb = await openTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const current = () => {
    if (!testDb) throw new Error("The test database is not open yet; use it inside a test or hook.");
    return testDb;
  };
  return {
    get db() {
      return current().db;
    },
    get handle() {
      return current().handle;
    },
  };
}
