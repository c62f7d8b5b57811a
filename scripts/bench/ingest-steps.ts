// Times the steps of prediction ingest in-process, one batch at a time: JSON.parse of the request body,
// validation (the fast path, else zod) and `ingestPredictions`. It calls the same functions as POST /api/v1/predictions without HTTP,
// so it shows where a batch's time goes when the HTTP benchmark (scripts/bench/ingest.ts) misses its target.
//
//   npx tsx scripts/bench/ingest-steps.ts [--batches 40] [--flights consecutive|spread] [--database postgres|pglite]
//     [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// The records are the flights demo's prediction logs, as in scripts/bench/ingest.ts, in batches of 1,000.
// `--database postgres` uses a scratch database, dropped at the end; `--database pglite` an in-memory PGlite.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Ctx } from "../../lib/context";
import { openDb, IN_MEMORY_DATA_DIR, type DbHandle } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { scanFlights, takeFlights, filterFlights } from "../../lib/demo/flights";
import { DEMO_ENDPOINT, DEMO_MODEL, predictionRecord } from "../../lib/demo/records";
import { isSampled, sampleRowCount } from "../../lib/demo/sample";
import { shiftWeeksFor } from "../../lib/demo/shift";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel } from "../../lib/demo/train";
import { fastParsePredictionBatch } from "../../lib/ingest/fast-parse";
import { ingestPredictions } from "../../lib/ingest/predictions";
import { predictionBatchSchema } from "../../lib/ingest/schemas";
import { logger } from "../../lib/log";
import { createEndpoint } from "../../lib/registry/endpoints";
import { createModel, createModelVersion } from "../../lib/registry/models";
import { createScratchDatabase, type ScratchDatabase } from "../../test/postgres";
import { commandLine, describeMachine, loadAverage } from "./machine";

const BATCH_SIZE = 1_000;

const { values: flags } = parseArgs({
  options: {
    batches: { type: "string", default: "40" },
    flights: { type: "string", default: "consecutive" },
    database: { type: "string", default: "postgres" },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
  strict: true,
});
const batchCount = Number(flags.batches);
if (!Number.isInteger(batchCount) || batchCount < 1) throw new Error(`--batches: invalid value "${flags.batches}"; use a positive whole number`);
if (flags.flights !== "spread" && flags.flights !== "consecutive") {
  throw new Error(`--flights: invalid value "${flags.flights}"; use spread or consecutive`);
}
if (flags.database !== "postgres" && flags.database !== "pglite") {
  throw new Error(`--database: invalid value "${flags.database}"; use postgres or pglite`);
}

/** Builds the request bodies of `batchCount` batches of demo prediction logs. */
async function requestBodies(): Promise<string[]> {
  const rows = batchCount * BATCH_SIZE;
  let sampleSize = 0;
  const selected = (rowIndex: number, totalRows: number) =>
    flags.flights === "spread" ? isSampled(rowIndex, sampleSize, totalRows) : rowIndex >= totalRows - sampleSize;
  const scan = await scanFlights({
    select: (rowIndex, departureMs, totalRows) => {
      sampleSize ||= sampleRowCount(rows, totalRows);
      return departureMs < TRAINING_END_MS || selected(rowIndex, totalRows);
    },
  });
  const training = trainFlightDelayModel(scan.flights);
  const flights = takeFlights(scan.flights, filterFlights(scan.flights, (i) => selected(scan.flights.rowIndex[i], scan.totalRows)));
  const source = { flights, scorer: new FlightDelayScorer(training.model), shiftWeeks: shiftWeeksFor(scan.lastDepartureMs, new Date()), minuteCounts: scan.minuteCounts };

  const bodies: string[] = [];
  for (let start = 0; start < flights.length; start += BATCH_SIZE) {
    const records = [];
    for (let position = start; position < Math.min(start + BATCH_SIZE, flights.length); position += 1) {
      records.push(predictionRecord(source, position));
    }
    bodies.push(JSON.stringify({ records }));
  }
  return bodies;
}

async function openDatabase(): Promise<{ handle: DbHandle; scratch?: ScratchDatabase }> {
  if (flags.database === "pglite") {
    const handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
    return { handle };
  }
  const scratch = await createScratchDatabase(flags["postgres-url"]!, "keel_bench");
  const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 4 });
  return { handle, scratch };
}

/**
 * Sums the user and system CPU of this database's PostgreSQL backends, read from /proc, in milliseconds.
 * It works only with a PostgreSQL server on this machine and returns 0 for PGlite.
 * NOTE: a backend that exits between two readings takes its CPU time with it.
 */
async function backendCpuMs(handle: DbHandle): Promise<number> {
  if (handle.kind !== "postgres") return 0;
  const result = await handle.db.execute(sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  let total = 0;
  for (const { pid } of (result as unknown as { rows: { pid: number }[] }).rows) {
    // Fields 14 and 15 of /proc/<pid>/stat are utime and stime in clock ticks (USER_HZ, 100 per second on x86-64 Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    total += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return total;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function main() {
  console.log(`command: ${commandLine()}`);
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average (1 / 5 / 15 min) at start: ${loadAverage()}`);
  const bodies = await requestBodies();

  const { handle, scratch } = await openDatabase();
  try {
    await migrateDb(handle);
    const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log: logger, now: () => new Date() };
    await createModel(ctx, { name: DEMO_MODEL, task: "classification" });
    const version = await createModelVersion(ctx, { model: DEMO_MODEL });
    await createEndpoint(ctx, { name: DEMO_ENDPOINT, model: DEMO_MODEL, productionVersion: version.version });

    const timings = { parse: [] as number[], validate: [] as number[], ingest: [] as number[] };
    let stored = 0;
    const backendCpuBefore = await backendCpuMs(handle);
    const cpuBefore = process.cpuUsage();
    for (const body of bodies) {
      const started = performance.now();
      const json: unknown = JSON.parse(body);
      const parsed = performance.now();
      const batch = fastParsePredictionBatch(json) ?? predictionBatchSchema.parse(json);
      const validated = performance.now();
      stored += (await ingestPredictions(ctx, batch)).stored;
      const ingested = performance.now();
      timings.parse.push(parsed - started);
      timings.validate.push(validated - parsed);
      timings.ingest.push(ingested - validated);
    }

    const cpu = process.cpuUsage(cpuBefore);
    const backendCpu = (await backendCpuMs(handle)) - backendCpuBefore;
    console.log(`${flags.database}, ${flags.flights} flights: ${bodies.length} batches of ${BATCH_SIZE}, ${stored} rows stored`);
    for (const [step, values] of Object.entries(timings)) console.log(`  ${step.padEnd(9)} ${mean(values).toFixed(1)} ms per batch (mean)`);
    const total = mean(timings.parse) + mean(timings.validate) + mean(timings.ingest);
    console.log(`  total     ${total.toFixed(1)} ms per batch, ${Math.round((BATCH_SIZE * 1000) / total).toLocaleString("en-US")} rows/s one batch at a time`);
    // On PGlite the database runs in this process, so its work is part of this CPU time.
    console.log(`  CPU of this process: ${((cpu.user + cpu.system) / 1000 / bodies.length).toFixed(1)} ms per batch (user and system)`);
    if (handle.kind === "postgres") {
      console.log(`  CPU of the PostgreSQL backends: ${(backendCpu / bodies.length).toFixed(1)} ms per batch (from /proc, 10 ms ticks)`);
    }
    console.log(`load average at end: ${loadAverage()}`);
  } finally {
    await handle.close();
    await scratch?.drop();
  }
}

await main();
