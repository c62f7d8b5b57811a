import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import { pendingMigrationCount } from "../db/migrate";

export type Readiness = { ready: boolean; database: "ok" | "unavailable"; pendingMigrations: number | null };

/** Checks that the database responds to a query and has every migration applied. */
export async function checkReadiness(open: () => Promise<DbHandle>): Promise<Readiness> {
  try {
    const handle = await open();
    await handle.db.execute(sql`SELECT 1`);
    const pendingMigrations = await pendingMigrationCount(handle);
    return { ready: pendingMigrations === 0, database: "ok", pendingMigrations };
  } catch {
    return { ready: false, database: "unavailable", pendingMigrations: null };
  }
}
