import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { DbHandle } from "./client";

// Any constant works as long as every Keel process uses the same one; this is "keel" in ASCII.
const MIGRATION_LOCK_KEY = 0x6b65656c;

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Applies pending migrations from `drizzle/`. On PostgreSQL a session advisory lock serialises processes
 * that start at once, so each migration runs exactly once. PGlite has a single owner process.
 */
export async function migrateDb(handle: DbHandle, folder = migrationsFolder): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder: folder });
    return;
  }

  const client = await handle.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migratePostgres(handle.db as never, { migrationsFolder: folder });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Returns the number of migrations in `drizzle/` that the database has not applied yet. */
export async function pendingMigrationCount(handle: DbHandle, folder = migrationsFolder): Promise<number> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  const expected = readMigrationFiles({ migrationsFolder: folder });
  const result = await handle.db
    .execute(sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`)
    .catch(() => null);
  const rows = (result as { rows?: { applied: number }[] } | null)?.rows;
  const applied = rows?.[0]?.applied ?? 0;
  return Math.max(0, expected.length - applied);
}
