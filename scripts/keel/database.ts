import { config } from "../../lib/config";
import type { Ctx } from "../../lib/context";
import { openDb, type DbHandle } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { logger } from "../../lib/log";

/**
 * Opens the configured database, applies pending migrations unless `options.migrate` is false, runs `work`
 * and closes the database again, also when `work` fails. With the embedded database, stop the server first,
 * because only one process may use a PGlite data folder.
 */
export async function withDatabase<T>(work: (handle: DbHandle) => Promise<T>, options = { migrate: true }): Promise<T> {
  const settings = config();
  const handle = await openDb({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, poolSize: settings.poolSize });
  try {
    if (options.migrate) await migrateDb(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Returns a context that acts as the system, which every permission check allows. */
export function systemContext(handle: DbHandle): Ctx {
  return { db: handle.db, actor: { type: "system" }, log: logger, now: () => new Date() };
}
