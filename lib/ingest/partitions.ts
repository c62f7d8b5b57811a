import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

// prediction_logs is partitioned by month of "timestamp" in UTC (migration 0012). Ingest creates the
// partition of a month the first time a record of that month arrives, and retention drops partitions
// whose whole month is older than the retention age.

const PARTITION_PREFIX = "prediction_logs_p";
const PARTITION_NAME = /^prediction_logs_p(\d{4})_(\d{2})$/;
// Serialises partition creation between processes; "kpar" in ASCII.
const PARTITION_LOCK_KEY = 0x6b706172;

/** PostgreSQL's error code for a row that matches no partition. */
export const NO_PARTITION_CODE = "23514";

export type Partition = { name: string; from: Date; to: Date };

/** Returns the partition that contains `timestamp`: its name and the bounds of its UTC month. */
export function partitionFor(timestamp: Date): Partition {
  const year = timestamp.getUTCFullYear();
  const month = timestamp.getUTCMonth();
  return {
    name: `${PARTITION_PREFIX}${year}_${String(month + 1).padStart(2, "0")}`,
    from: new Date(Date.UTC(year, month, 1)),
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** Reads a partition's bounds back from its name; null for a table that Keel did not name. */
export function parsePartitionName(name: string): Partition | null {
  const match = PARTITION_NAME.exec(name);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  if (month < 0 || month > 11) return null;
  return partitionFor(new Date(Date.UTC(year, month, 1)));
}

// Partitions this process has seen or created, per database, because tests open many databases in one process.
const knownByDb = new WeakMap<Db, Set<string>>();

/** Lists the partitions of prediction_logs that follow Keel's naming, oldest first. */
export async function listPredictionPartitions(db: Db): Promise<Partition[]> {
  const result = (await db.execute(sql`
    SELECT child.relname AS name
    FROM pg_inherits
    JOIN pg_class child ON child.oid = pg_inherits.inhrelid
    WHERE pg_inherits.inhparent = 'prediction_logs'::regclass`)) as unknown as { rows: { name: string }[] };
  return result.rows
    .map((row) => parsePartitionName(row.name))
    .filter((partition): partition is Partition => partition !== null)
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Makes sure a partition exists for the month of each timestamp. The first call per database reads the
 * existing partitions; later calls cost nothing unless a batch reaches a new month. Runs outside the
 * caller's transaction, because a partition created inside it would block other ingests until commit.
 */
export async function ensurePredictionPartitions(db: Db, timestamps: Iterable<Date>): Promise<void> {
  let known = knownByDb.get(db);
  if (!known) {
    known = new Set((await listPredictionPartitions(db)).map((partition) => partition.name));
    knownByDb.set(db, known);
  }

  // A batch usually spans one or two months, so each record costs only its month's number here.
  const firstOfMonth = new Map<number, Date>();
  for (const timestamp of timestamps) {
    const month = timestamp.getUTCFullYear() * 12 + timestamp.getUTCMonth();
    if (!firstOfMonth.has(month)) firstOfMonth.set(month, timestamp);
  }
  const missing = new Map<string, Partition>();
  for (const timestamp of firstOfMonth.values()) {
    const partition = partitionFor(timestamp);
    if (!known.has(partition.name)) missing.set(partition.name, partition);
  }
  if (missing.size === 0) return;

  await db.transaction(async (tx) => {
    // IF NOT EXISTS alone would still let two processes race on the catalog.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`);
    for (const partition of missing.values()) {
      await tx.execute(
        sql.raw(
          `CREATE TABLE IF NOT EXISTS "${partition.name}" PARTITION OF prediction_logs ` +
            `FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`,
        ),
      );
    }
  });
  for (const name of missing.keys()) known.add(name);
}

/** Forgets the partitions this process knew of, after another process may have dropped some. */
export function forgetPredictionPartitions(db: Db): void {
  knownByDb.delete(db);
}

/** Drops one partition; `lockTimeoutMs` bounds how long ingest waits behind the drop's lock. */
export async function dropPredictionPartition(db: Db, partition: Partition, lockTimeoutMs: number): Promise<number> {
  if (!PARTITION_NAME.test(partition.name)) throw new Error(`Invalid partition name ${partition.name}: expected prediction_logs_pYYYY_MM.`);
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`));
    const counted = (await tx.execute(
      sql.raw(`SELECT count(*)::int AS n FROM "${partition.name}"`),
    )) as unknown as { rows: { n: number }[] };
    await tx.execute(sql.raw(`DROP TABLE "${partition.name}"`));
    return counted.rows[0].n;
  });
  knownByDb.get(db)?.delete(partition.name);
  return rows;
}
