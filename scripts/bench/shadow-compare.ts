// Times compareShadow over 30 days of shadow pairs against a reference query that only counts the same
// shadow rows, and prints both medians and their ratio. Run from the repository root:
//
//   npx tsx scripts/bench/shadow-compare.ts [--pairs 100000] [--repeats 3]
//
// The script opens an in-memory PGlite database and registers a classification model with versions 1 and
// 2 and an endpoint. It then inserts `--pairs` requests spread evenly over 30 days with SQL. Each request
// gets a production log of version 1 and a shadow log of version 2, which disagree on every 7th request,
// and every second request gets a label. Each query runs once to warm up and then `--repeats` times; the median is reported.

import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Ctx } from "../../lib/context";
import { IN_MEMORY_DATA_DIR, openDb } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { ensurePredictionPartitions } from "../../lib/ingest/partitions";
import { createEndpoint } from "../../lib/registry/endpoints";
import { createModel, createModelVersion } from "../../lib/registry/models";
import { compareShadow } from "../../lib/shadow";
import { commandLine, describeMachine, loadAverage } from "./machine";

const DAY_MS = 86_400_000;

async function median(repeats: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const { values } = parseArgs({ options: { pairs: { type: "string", default: "100000" }, repeats: { type: "string", default: "3" } } });
const pairs = Number(values.pairs);
const repeats = Number(values.repeats);

console.log(commandLine());
console.log(describeMachine());

const handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
await migrateDb(handle);
const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log: pino({ level: "silent" }), now: () => new Date() };
await createModel(ctx, { name: "bench", task: "classification" });
await createModelVersion(ctx, { model: "bench" });
const candidate = await createModelVersion(ctx, { model: "bench" });
const endpoint = await createEndpoint(ctx, { name: "bench", model: "bench", productionVersion: 1 });

const to = new Date();
const from = new Date(to.getTime() - 30 * DAY_MS);
const stepMs = (30 * DAY_MS) / pairs;
const loadStarted = performance.now();
// One timestamp per day of the window reaches every month that the rows below fall in.
await ensurePredictionPartitions(handle.db, Array.from({ length: 31 }, (_, day) => new Date(from.getTime() + day * DAY_MS)));
await handle.db.execute(sql`
  INSERT INTO prediction_logs (endpoint_id, version_id, mode, request_id, "timestamp", features, prediction, latency_ms)
  SELECT ${endpoint.id}, v.version_id, v.mode::prediction_mode, 'r-' || i,
    ${from.toISOString()}::timestamptz + (i::float8 * ${stepMs}::float8) * interval '1 millisecond',
    jsonb_build_object('x', i % 100),
    to_jsonb(CASE WHEN v.mode = 'shadow' AND i % 7 = 0 THEN 1 - i % 2 ELSE i % 2 END),
    10 + (i % 50)
  FROM generate_series(0, ${pairs - 1}) AS i
  CROSS JOIN (VALUES (1, 'production'), (${candidate.id}, 'shadow')) AS v(version_id, mode)`);
await handle.db.execute(sql`
  INSERT INTO labels (endpoint_id, request_id, label, "timestamp")
  SELECT ${endpoint.id}, 'r-' || i, to_jsonb(i % 3 % 2), ${from.toISOString()}::timestamptz + (i::float8 * ${stepMs}::float8) * interval '1 millisecond'
  FROM generate_series(0, ${pairs - 1}, 2) AS i`);
await handle.db.execute(sql`ANALYZE prediction_logs, labels`);
console.log(`loaded ${pairs.toLocaleString("en-US")} pairs in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

const compareMs = await median(repeats, () => compareShadow(ctx, { endpoint: "bench", candidateVersion: 2, from, to }));
const referenceMs = await median(repeats, () =>
  handle.db.execute(sql`
    SELECT count(*) FROM prediction_logs
    WHERE endpoint_id = ${endpoint.id} AND version_id = ${candidate.id} AND mode = 'shadow'
      AND "timestamp" >= ${from.toISOString()} AND "timestamp" < ${to.toISOString()}`),
);
const result = await compareShadow(ctx, { endpoint: "bench", candidateVersion: 2, from, to });

console.log(`compareShadow: ${compareMs.toFixed(1)} ms median of ${repeats} (${result.pairs} pairs, ${result.series.length} daily buckets, agreement ${result.agreementRate?.toFixed(4)})`);
console.log(`reference count of the shadow rows: ${referenceMs.toFixed(1)} ms`);
console.log(`ratio: ${(compareMs / referenceMs).toFixed(1)}`);
console.log(`load average at end: ${loadAverage()}`);
await handle.close();
