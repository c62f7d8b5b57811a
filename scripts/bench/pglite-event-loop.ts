// Measures how long PGlite keeps Node's event loop from running. It prints the longest gap between the
// ticks of a 10 ms timer while 20 queries run one after another, each on its own and inside one
// transaction. It does so on a bare PGlite and then through Keel's database handle (lib/db/client.ts).
// Keel's server runs PGlite in its own thread, so such a gap also holds back HTTP requests and timers such
// as the keep-alive timeout.
//
//   npx tsx scripts/bench/pglite-event-loop.ts [--queries 20] [--rows 300000]

import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { IN_MEMORY_DATA_DIR, openDb } from "../../lib/db/client";
import { describeMachine } from "./machine";

const TICK_MS = 10;

const { values: flags } = parseArgs({
  options: { queries: { type: "string", default: "20" }, rows: { type: "string", default: "300000" } },
  strict: true,
});
const queries = Number(flags.queries);
const rows = Number(flags.rows);
if (!Number.isInteger(queries) || queries < 1) throw new Error(`--queries: invalid value "${flags.queries}"; use a positive whole number`);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows: invalid value "${flags.rows}"; use a positive whole number`);

/** Runs `work` while a timer ticks every TICK_MS and returns its duration and the longest gap between ticks. */
async function measure(work: () => Promise<void>): Promise<{ ms: number; longestGapMs: number }> {
  let last = performance.now();
  let longestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, TICK_MS);

  const started = performance.now();
  last = started;
  await work();
  const finished = performance.now();
  clearInterval(timer);
  // A timer that never fired during the work leaves the whole duration as the gap.
  longestGapMs = Math.max(longestGapMs, finished - last);
  return { ms: finished - started, longestGapMs };
}

function report(label: string, result: { ms: number; longestGapMs: number }): void {
  console.log(`${label}: ${result.ms.toFixed(0)} ms, longest gap between ${TICK_MS} ms ticks ${result.longestGapMs.toFixed(0)} ms`);
}

async function main() {
  console.log(describeMachine());
  const create = `CREATE TABLE numbers AS SELECT g AS x FROM generate_series(1, ${rows}) g`;
  const query = "SELECT sum(x) FROM numbers";

  const bare = await PGlite.create();
  try {
    await bare.exec(create);
    report(`bare PGlite, ${queries} queries each on its own`, await measure(async () => {
      for (let index = 0; index < queries; index += 1) await bare.query(query);
    }));
    report(`bare PGlite, ${queries} queries in one transaction`, await measure(async () => {
      await bare.transaction(async (tx) => {
        for (let index = 0; index < queries; index += 1) await tx.query(query);
      });
    }));
  } finally {
    await bare.close();
  }

  const handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
  try {
    await handle.db.execute(sql.raw(create));
    report(`Keel's handle, ${queries} queries each on its own`, await measure(async () => {
      for (let index = 0; index < queries; index += 1) await handle.db.execute(sql.raw(query));
    }));
    report(`Keel's handle, ${queries} queries in one transaction`, await measure(async () => {
      await handle.db.transaction(async (tx) => {
        for (let index = 0; index < queries; index += 1) await tx.execute(sql.raw(query));
      });
    }));
  } finally {
    await handle.close();
  }
}

await main();
