import { config } from "../config";
import { logger } from "../log";
import { openDb, type DbHandle } from "./client";
import { migrateDb } from "./migrate";

// One handle per server process, kept on globalThis so Next.js module reloads in development and the
// several bundles of one server share it (PGlite allows a single owner of its data folder).
const globalForDb = globalThis as typeof globalThis & { keelDb?: Promise<DbHandle> };

/** Opens and migrates the configured database once per process. */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.keelDb ??= (async () => {
    const settings = config();
    const handle = await openDb({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, poolSize: settings.poolSize, connectTimeoutMs: settings.connectTimeoutMs });
    await migrateDb(handle);
    logger.info({ database: handle.kind }, "database ready");
    return handle;
  })().catch((error) => {
    globalForDb.keelDb = undefined;
    throw error;
  });
  return globalForDb.keelDb;
}
