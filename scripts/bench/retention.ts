// Times retention of prediction logs both ways it removes them: dropping a month's partition whole, and
// deleting rows in batches from a month that straddles the cutoff. Both runs remove the same number of
// logs from the same table in one database, so their ratio is what partitioning saves. Run from the
// repository root:
//
//   npx tsx scripts/bench/retention.ts [--logs 300000] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Without --postgres-url the script uses an in-memory PGlite database. It inserts `--logs` logs into
// February 2026 and as many into March 2026 with SQL. It then calls `deleteOldPredictionLogs` with a
// cutoff of 1 March, which drops February's partition, and with a cutoff of 31 March, which deletes
// March's logs 5,000 at a time.

import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Ctx } from "../../lib/context";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { ensurePredictionPartitions } from "../../lib/ingest/partitions";
import { deleteOldPredictionLogs } from "../../lib/ingest/retention";
import { createEndpoint } from "../../lib/registry/endpoints";
import { createModel, createModelVersion } from "../../lib/registry/models";
import { createScratchDatabase, type ScratchDatabase } from "../../test/postgres";
import { commandLine, describeMachine, loadAverage } from "./machine";

const { values } = parseArgs({
  options: { logs: { type: "string", default: "300000" }, "postgres-url": { type: "string" } },
  strict: true,
});
const logs = Number(values.logs);
if (!Number.isInteger(logs) || logs < 1) throw new Error(`--logs: invalid value "${values.logs}"; use a positive whole number`);

console.log(commandLine());
console.log(describeMachine());

let scratch: ScratchDatabase | undefined;
let handle: DbHandle;
if (values["postgres-url"]) {
  scratch = await createScratchDatabase(values["postgres-url"], "keel_bench_retention");
  handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
} else {
  handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
}

try {
  await migrateDb(handle);
  const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log: pino({ level: "silent" }), now: () => new Date() };
  await createModel(ctx, { name: "bench", task: "classification" });
  await createModelVersion(ctx, { model: "bench" });
  const endpoint = await createEndpoint(ctx, { name: "bench", model: "bench", productionVersion: 1 });

  const february = new Date("2026-02-01T00:00:00Z");
  const march = new Date("2026-03-01T00:00:00Z");
  await ensurePredictionPartitions(handle.db, [february, march]);
  const loadStarted = performance.now();
  for (const [prefix, start] of [["feb", february], ["mar", march]] as const) {
    // Spread over 27 days, so every log lies inside its month and before the second cutoff.
    await handle.db.execute(sql`
      INSERT INTO prediction_logs (endpoint_id, version_id, request_id, "timestamp", features, prediction, latency_ms)
      SELECT ${endpoint.id}, 1, ${prefix} || '-' || i,
        ${start.toISOString()}::timestamptz + (i::float8 * ${(27 * 86_400_000) / logs}) * interval '1 millisecond',
        jsonb_build_object('distance', i % 2000, 'origin', 'A' || (i % 300), 'hour', i % 24),
        to_jsonb(i % 2), 10 + (i % 50)
      FROM generate_series(0, ${logs - 1}) AS i`);
  }
  await handle.db.execute(sql`ANALYZE prediction_logs`);
  console.log(`loaded ${(2 * logs).toLocaleString("en-US")} logs in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  let started = performance.now();
  const dropped = await deleteOldPredictionLogs(ctx, { olderThan: march });
  const dropMs = performance.now() - started;

  started = performance.now();
  const deleted = await deleteOldPredictionLogs(ctx, { olderThan: new Date("2026-03-31T00:00:00Z") });
  const deleteMs = performance.now() - started;

  console.log(
    `drop of February's partition: ${dropped.deleted.toLocaleString("en-US")} logs in ${dropMs.toFixed(0)} ms ` +
      `(${dropped.droppedPartitions.join(", ")})`,
  );
  console.log(
    `batched deletes in March: ${deleted.deleted.toLocaleString("en-US")} logs in ${deleteMs.toFixed(0)} ms ` +
      `(${deleted.batches} statements)`,
  );
  console.log(`batched deletes / drop: ${(deleteMs / dropMs).toFixed(1)}`);
  console.log(`load average at end: ${loadAverage()}`);
} finally {
  await handle.close();
  await scratch?.drop();
}
