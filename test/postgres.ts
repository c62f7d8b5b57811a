import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";

/** A database that a test run created on the server at DATABASE_URL and must drop when done. */
export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

// pg's Pool.end() resolves before its sockets have closed, so a just-closed pool's sessions may still be
// listed for a moment. Dropping WITH (FORCE) at that point terminates them, and the client raises 57P01.
const SESSION_DRAIN_TIMEOUT_MS = 5_000;

/**
 * Creates an empty database named `<prefix>_<random hex>` on the server that `serverUrl` points to,
 * connecting as that URL's user. `drop` removes only this database; after waiting for its sessions to
 * close, it forces out any that remain.
 */
export async function createScratchDatabase(serverUrl: string, prefix = "keel_test"): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withServerClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await withServerClient(serverUrl, async (client) => {
      await waitForNoSessions(client, name);
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  };
  return { name, url: url.toString(), drop };
}

async function waitForNoSessions(client: pg.Client, database: string): Promise<void> {
  const deadline = Date.now() + SESSION_DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ sessions: number }>(
      "SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1",
      [database],
    );
    if (rows[0].sessions === 0) return;
    await delay(50);
  }
}

async function withServerClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Opens a pool of its own to `connectionString`, as another app process would, and adds it to `pools`,
 * which the caller ends after its tests.
 */
export function openExtraPool(connectionString: string | undefined, pools: pg.Pool[]): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => undefined);
  pools.push(pool);
  return pool;
}
