import path from "node:path";
import { mkdirSync } from "node:fs";
import { setImmediate } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { logger } from "../log";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  /** The node-postgres pool, for pool metrics and raw COPY; undefined with PGlite. */
  pool?: pg.Pool;
  /** The PGlite client, for dumping its data folder; undefined with PostgreSQL. */
  pglite?: PGlite;
};

export type DbOptions = {
  databaseUrl?: string;
  /** A folder, or PGlite's "memory://" for a database that lives only in this process (tests). */
  dataDir: string;
  poolSize?: number;
  /** Milliseconds to wait for a free pooled connection before the query fails; default 5000. */
  connectTimeoutMs?: number;
  /** A PGlite data folder tarball (from `dumpDataDir`) to start an empty `dataDir` from, skipping initdb. */
  loadDataDir?: Blob;
};

export const IN_MEMORY_DATA_DIR = "memory://";

const DRIZZLE_OPTIONS = { schema, casing: "snake_case" } as const;

/** Opens PostgreSQL when a URL is given, else the embedded PGlite database in `dataDir/pgdata`. */
export async function openDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    // Without a timeout, a request waits forever for a connection while the pool is exhausted or the
    // server is down. With it, the request fails and the API returns 503 with Retry-After.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    });
    // An idle client whose connection the server ended (a restart, pg_terminate_backend) emits "error" on
    // the pool; without a listener that would crash the process. The pool drops the client by itself.
    // The error carries the whole pg client, so only its code and message are logged.
    pool.on("error", (error: Error & { code?: string }) =>
      logger.warn({ code: error.code, error: error.message }, "idle database connection closed; the pool will open a new one"),
    );
    const db = drizzlePostgres({ client: pool, ...DRIZZLE_OPTIONS }) as unknown as Db;
    releaseClientsOfFailedBegin(db, pool);
    return { db, kind: "postgres", pool, close: () => pool.end() };
  }

  let folder = IN_MEMORY_DATA_DIR;
  if (options.dataDir !== IN_MEMORY_DATA_DIR) {
    folder = path.join(options.dataDir, "pgdata");
    mkdirSync(folder, { recursive: true });
  }
  const client = await PGlite.create({ dataDir: folder, loadDataDir: options.loadDataDir });
  yieldBeforeQueries(client);
  const db = drizzlePglite({ client, ...DRIZZLE_OPTIONS }) as unknown as Db;
  return { db, kind: "pglite", pglite: client, close: () => client.close() };
}

/** Wraps `run` so that each call first waits for one turn of Node's event loop. */
function afterEventLoopTurn<Args extends unknown[], Result>(run: (...args: Args) => Promise<Result>): (...args: Args) => Promise<Result> {
  return async (...args) => {
    await setImmediate();
    return run(...args);
  };
}

/**
 * Makes every query of `client`, inside transactions too, wait for one turn of the event loop first.
 * PGlite runs in this thread, and queries awaited one after another otherwise never let the loop run. A
 * job of many queries then held every HTTP request and timer of the server until it ended
 * (scripts/bench/pglite-event-loop.ts).
 */
function yieldBeforeQueries(client: PGlite): void {
  const transaction = client.transaction.bind(client);
  client.query = afterEventLoopTurn(client.query.bind(client)) as PGlite["query"];
  client.exec = afterEventLoopTurn(client.exec.bind(client));
  client.transaction = ((callback: Parameters<PGlite["transaction"]>[0]) =>
    transaction((tx) => {
      tx.query = afterEventLoopTurn(tx.query.bind(tx)) as typeof tx.query;
      tx.exec = afterEventLoopTurn(tx.exec.bind(tx));
      return callback(tx);
    })) as PGlite["transaction"];
}

/**
 * Replaces `db.transaction` with one that always returns its pooled client. drizzle-orm 0.45's
 * node-postgres session sends BEGIN before its try block, so a BEGIN that fails (for example on a
 * connection cut at that moment) never releases the client. After `max` such failures every query waits
 * for a free client until it times out. Here the transaction runs on a client that Keel checks out and
 * releases in `finally`, and pg-pool discards a released client whose connection broke.
 */
function releaseClientsOfFailedBegin(db: Db, pool: pg.Pool): void {
  const dbByClient = new WeakMap<pg.PoolClient, Db>();
  const transaction: Db["transaction"] = async (run, config) => {
    const client = await pool.connect();
    try {
      let clientDb = dbByClient.get(client);
      if (!clientDb) {
        clientDb = drizzlePostgres({ client, ...DRIZZLE_OPTIONS }) as unknown as Db;
        dbByClient.set(client, clientDb);
      }
      return await clientDb.transaction(run, config);
    } finally {
      client.release();
    }
  };
  db.transaction = transaction;
}
