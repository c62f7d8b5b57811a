// Measures prediction ingest over HTTP against a raw COPY of the same rows, on PostgreSQL and on PGlite.
// Run from the repository root. The script runs `next build` first when the build is missing or stale.
//
//   npx tsx scripts/bench/ingest.ts [--rows N|all] [--flights spread|consecutive] [--clients 4] [--apps 1]
//     [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// The rows are the flights demo's prediction logs, scored by the demo's delay model trained on January
// 2001. `--flights spread` (the default) takes flights spread evenly over flights-3m.parquet, as the demo
// does. Without `--rows` it takes the demo's default sample, every 5th flight (600,000 rows), about 3
// predictions per minute. At `--rows 200000` that is about one per minute, so most records of a batch add
// a minute rollup row of their own. `--flights consecutive` takes the last flights of the file, about 14
// per minute, as a busy endpoint sends them. The script prints the mean number of minutes per batch.
//
// HTTP sends the rows to POST /api/v1/predictions of a built Keel (`npm start`) in batches of 1,000 from
// `--clients` concurrent clients. Keel validates each batch, checks for duplicates and writes the minute
// and hour rollups. COPY loads the same rows into prediction_logs and nothing else. Request bodies (as
// UTF-8 bytes) and COPY text are built before the clock starts, so both timings cover sending, parsing and
// storing only. The clients use node:http with keep-alive rather than fetch, which took twice the CPU per
// request, because on a small machine the clients take their CPU from Keel and PostgreSQL.
//
// PostgreSQL: one scratch database and `--apps` Keel servers on it (one by default), with the clients
// spread over the servers in turn. COPY goes first, into a second endpoint of the same
// table, so the HTTP run writes into a table that already contains the COPY rows. PGlite: the server uses a
// temporary data folder, and COPY FROM '/dev/blob' runs in this process on a second, freshly migrated
// folder, because only one process may open a PGlite folder.

import { randomBytes } from "node:crypto";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Ctx } from "../../lib/context";
import { IN_MEMORY_DATA_DIR, openDb } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { filterFlights, scanFlights, takeFlights } from "../../lib/demo/flights";
import { DEMO_ENDPOINT, DEMO_MODEL, DEMO_VERSION, predictionRecord } from "../../lib/demo/records";
import { ensureDemoEndpoint, registerDemoModel } from "../../lib/demo/register";
import { isSampled, sampleRowCount } from "../../lib/demo/sample";
import { shiftWeeksFor } from "../../lib/demo/shift";
import { HttpTarget } from "../../lib/demo/target-http";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel, type TrainingResult } from "../../lib/demo/train";
import { ensurePredictionPartitions } from "../../lib/ingest/partitions";
import type { IngestResult, PredictionRecordInput } from "../../lib/ingest/schemas";
import { logger } from "../../lib/log";
import { createEndpoint } from "../../lib/registry/endpoints";
import { createModel, createModelVersion } from "../../lib/registry/models";
import { ensureBuild } from "../../test/build";
import { startKeelServer, type KeelServer } from "../../test/server";
import { commandLine, describeMachine, formatRate, loadAverage } from "./machine";
import { cpuSnapshot, describeCpu } from "./process-cpu";
import { startBenchServer, type BenchServer } from "./server";

const BATCH_SIZE = 1_000;
const COPY_ENDPOINT = "flight-delay-copy";
const COPY_COLUMNS = `endpoint_id, version_id, mode, request_id, "timestamp", features, prediction, probabilities, score, latency_ms`;
/** The HTTP rate must reach this share of the COPY rate. */
const TARGET_RATIO = 0.4;

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string" },
    flights: { type: "string", default: "spread" },
    clients: { type: "string", default: "4" },
    apps: { type: "string", default: "1" },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
  strict: true,
});
// As in `npm run keel -- demo`: the default sample, a number of rows, or all of them.
let rowsRequested: number | "all" | undefined = flags.rows === "all" ? "all" : undefined;
if (flags.rows !== undefined && flags.rows !== "all") rowsRequested = positiveInteger(flags.rows, "--rows", " or all");
const clients = positiveInteger(flags.clients, "--clients");
const apps = positiveInteger(flags.apps, "--apps");
if (flags.flights !== "spread" && flags.flights !== "consecutive") {
  throw new Error(`--flights: invalid value "${flags.flights}"; use spread or consecutive`);
}
const flightSelection: "spread" | "consecutive" = flags.flights;

type Prepared = { training: TrainingResult; shiftWeeks: number; records: PredictionRecordInput[] };
type HttpRun = { seconds: number; stored: number; duplicates: number; latenciesMs: number[]; cpu: string };
type Comparison = { database: string; rows: number; http: HttpRun; copySeconds: number; copyNote: string };

/** Parses a positive whole number; `alternatives` names other accepted values in the error, such as " or all". */
function positiveInteger(value: string | undefined, flag: string, alternatives = ""): number {
  if (value !== undefined && /^[1-9][0-9]*$/.test(value)) return Number(value);
  throw new Error(`${flag}: invalid value "${value}"; use a positive whole number${alternatives}`);
}

/** Reads the flights file, trains the demo model on January and builds the selected flights' prediction logs. */
async function preparePredictions(rows: number | "all" | undefined): Promise<Prepared> {
  const started = performance.now();
  let sampleSize = 0;
  const selected = (rowIndex: number, totalRows: number) =>
    flightSelection === "spread" ? isSampled(rowIndex, sampleSize, totalRows) : rowIndex >= totalRows - sampleSize;
  const scan = await scanFlights({
    select: (rowIndex, departureMs, totalRows) => {
      sampleSize ||= sampleRowCount(rows, totalRows);
      return departureMs < TRAINING_END_MS || selected(rowIndex, totalRows);
    },
  });
  const training = trainFlightDelayModel(scan.flights);
  const shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, new Date());

  const flights = takeFlights(scan.flights, filterFlights(scan.flights, (i) => selected(scan.flights.rowIndex[i], scan.totalRows)));
  const source = { flights, scorer: new FlightDelayScorer(training.model), shiftWeeks, minuteCounts: scan.minuteCounts };
  const records = Array.from({ length: flights.length }, (_, position) => predictionRecord(source, position));

  const seconds = (performance.now() - started) / 1000;
  console.log(
    `built ${records.length.toLocaleString("en-US")} prediction logs (${flightSelection} flights) from flights-3m.parquet in ` +
      `${seconds.toFixed(1)} s; a batch of ${BATCH_SIZE} spans ${meanMinutesPerBatch(records).toFixed(0)} distinct minutes on average`,
  );
  return { training, shiftWeeks, records };
}

/** Returns the mean number of distinct minutes per batch, which is the number of minute rollup rows a batch writes. */
function meanMinutesPerBatch(records: PredictionRecordInput[]): number {
  let minutes = 0;
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const batch = records.slice(start, start + BATCH_SIZE);
    minutes += new Set(batch.map((record) => Math.floor(Date.parse(record.timestamp) / 60_000))).size;
  }
  return minutes / Math.ceil(records.length / BATCH_SIZE);
}

/** Serialises the request bodies of POST /api/v1/predictions, BATCH_SIZE records each. */
function requestBodies(records: PredictionRecordInput[]): Buffer[] {
  const bodies: Buffer[] = [];
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    bodies.push(Buffer.from(JSON.stringify({ records: records.slice(start, start + BATCH_SIZE) })));
  }
  return bodies;
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Escapes one value for COPY's text format, in which tab separates columns and \N is null. */
function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  return String(value).replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]);
}

/** Builds COPY text format lines for prediction_logs (COPY_COLUMNS), BATCH_SIZE rows per chunk. */
function copyChunks(records: PredictionRecordInput[], endpointId: number, versionId: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const lines = records.slice(start, start + BATCH_SIZE).map((record) =>
      [
        endpointId,
        versionId,
        record.mode ?? "production",
        record.requestId,
        record.timestamp,
        JSON.stringify(record.features),
        JSON.stringify(record.prediction),
        record.probabilities === undefined ? null : JSON.stringify(record.probabilities),
        record.score ?? null,
        record.latencyMs ?? null,
      ]
        .map(copyField)
        .join("\t"),
    );
    chunks.push(lines.join("\n") + "\n");
  }
  return chunks;
}

/** Registers the demo model, version 1, the demo endpoint and the COPY endpoint through the HTTP API. */
async function registerThroughApi(server: BenchServer, prepared: Prepared): Promise<void> {
  const target = new HttpTarget(server.baseUrl, server.apiKey, logger);
  await registerDemoModel(target, { kind: "absent" }, prepared.training, prepared.shiftWeeks);
  await ensureDemoEndpoint(target);
  await target.createEndpoint({ name: COPY_ENDPOINT, model: DEMO_MODEL, productionVersion: DEMO_VERSION });
}

/**
 * Posts the bodies to POST /api/v1/predictions from `clients` concurrent clients, each taking the next
 * body when its previous request returns. Client i sends to server `i % servers.length`, as a
 * round-robin load balancer would. Any response other than 200 stops the run. Also measures the CPU time
 * the servers, PostgreSQL and this script spend meanwhile.
 */
async function postBatches(apiKey: string, servers: KeelServer[], bodies: Buffer[], records: number): Promise<HttpRun> {
  const urls = servers.map((server) => `${server.baseUrl}/api/v1/predictions`);
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };

  // An empty batch is rejected with 422 and stores nothing, but it loads the route's code before the clock starts.
  for (const url of urls) {
    const warmUp = await fetch(url, { method: "POST", headers, body: JSON.stringify({ records: [] }) });
    await warmUp.text();
    if (warmUp.status !== 422) throw new Error(`warm-up request to ${url} returned HTTP ${warmUp.status}, expected 422`);
  }

  const run: HttpRun = { seconds: 0, stored: 0, duplicates: 0, latenciesMs: [], cpu: "" };
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let next = 0;
  const client = async (clientIndex: number) => {
    const clientUrl = urls[clientIndex % urls.length];
    while (next < bodies.length) {
      const body = bodies[next++];
      const started = performance.now();
      const response = await postJson(agent, clientUrl, headers, body);
      const text = response.text;
      if (response.status !== 200) throw new Error(`POST ${clientUrl} failed with HTTP ${response.status}: ${text.slice(0, 500)}`);

      run.latenciesMs.push(performance.now() - started);
      const result = JSON.parse(text) as IngestResult;
      run.stored += result.stored;
      run.duplicates += result.duplicates;
    }
  };

  const cpuBefore = cpuSnapshot(servers.map((server) => server.pid));
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, clientIndex) => client(clientIndex)));
  run.seconds = (performance.now() - started) / 1000;
  run.cpu = describeCpu(cpuBefore, cpuSnapshot(servers.map((server) => server.pid)), records);
  agent.destroy();
  return run;
}

/** Sends one POST with a JSON body and resolves with the status and the response text. */
function postJson(agent: http.Agent, url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function endpointIds(client: pg.Client, name: string): Promise<{ endpointId: number; versionId: number }> {
  const { rows } = await client.query<{ endpointId: number; versionId: number }>(
    `SELECT id AS "endpointId", production_version_id AS "versionId" FROM endpoints WHERE name = $1`,
    [name],
  );
  if (rows.length === 0) throw new Error(`endpoint "${name}" not found in the benchmark database`);
  return rows[0];
}

/** Returns the prediction logs stored for an endpoint and the predictions its rollups count. */
async function storedCounts(client: pg.Client, endpointId: number) {
  const { rows } = await client.query<{ logs: number; rolledUp: number }>(
    `SELECT (SELECT count(*)::int FROM prediction_logs WHERE endpoint_id = $1) AS logs,
       (SELECT coalesce(sum(count), 0)::int FROM prediction_rollups WHERE endpoint_id = $1) AS "rolledUp"`,
    [endpointId],
  );
  return rows[0];
}

function timestampsOf(records: PredictionRecordInput[]): Date[] {
  return records.map((record) => new Date(record.timestamp));
}

/** Creates the monthly partitions that COPY needs; ingest creates its own before it writes. */
async function createPartitions(databaseUrl: string, records: PredictionRecordInput[]): Promise<void> {
  const handle = await openDb({ databaseUrl, dataDir: IN_MEMORY_DATA_DIR, poolSize: 1 });
  try {
    await ensurePredictionPartitions(handle.db, timestampsOf(records));
  } finally {
    await handle.close();
  }
}

async function benchPostgres(prepared: Prepared, bodies: Buffer[]): Promise<Comparison> {
  console.log(`\n== PostgreSQL (${redactPassword(flags["postgres-url"]!)})`);
  // Every app must verify the same API key, so they share one KEEL_SECRET.
  process.env.KEEL_SECRET ??= randomBytes(32).toString("hex");
  const server = await startBenchServer({ label: "bench-ingest-postgres", postgresUrl: flags["postgres-url"], scopes: "admin" });
  const extraApps: KeelServer[] = [];
  const database = new pg.Client({ connectionString: server.databaseUrl });
  try {
    for (let index = 1; index < apps; index += 1) {
      extraApps.push(
        await startKeelServer({ label: `bench-ingest-postgres-${index}`, databaseUrl: server.databaseUrl, env: { KEEL_WORKER: "off" } }),
      );
    }
    await database.connect();
    const appUrls = [server.baseUrl, ...extraApps.map((app) => app.baseUrl)];
    console.log(`Keel app(s) ${appUrls.join(", ")} on scratch database ${new URL(server.databaseUrl!).pathname.slice(1)}`);
    await registerThroughApi(server, prepared);

    const copyIds = await endpointIds(database, COPY_ENDPOINT);
    const chunks = copyChunks(prepared.records, copyIds.endpointId, copyIds.versionId);
    await createPartitions(server.databaseUrl!, prepared.records);
    const cpuBefore = cpuSnapshot([]);
    const copyStarted = performance.now();
    await pipeline(Readable.from(chunks), database.query(copyFrom(`COPY prediction_logs (${COPY_COLUMNS}) FROM STDIN`)));
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const copyCpu = describeCpu(cpuBefore, cpuSnapshot([]), prepared.records.length);
    const copied = await storedCounts(database, copyIds.endpointId);
    console.log(`COPY: ${copied.logs.toLocaleString("en-US")} rows in ${copySeconds.toFixed(2)} s, ${formatRate(copied.logs, copySeconds)}`);
    console.log(`  ${copyCpu}`);

    const http = await postBatches(server.apiKey, [server, ...extraApps], bodies, prepared.records.length);
    const httpIds = await endpointIds(database, DEMO_ENDPOINT);
    const stored = await storedCounts(database, httpIds.endpointId);
    printHttpRun(http);
    console.log(`  stored in prediction_logs: ${stored.logs.toLocaleString("en-US")}, counted by the rollups: ${stored.rolledUp.toLocaleString("en-US")}`);
    checkComplete(http, prepared.records.length);

    return {
      database: "PostgreSQL",
      rows: prepared.records.length,
      http,
      copySeconds,
      copyNote: "one COPY FROM STDIN stream (pg-copy-streams) into the same table, second endpoint",
    };
  } finally {
    await database.end().catch(() => undefined);
    await Promise.allSettled(extraApps.map((app) => app.stop()));
    await server.stop();
  }
}

/** Loads the rows with COPY FROM '/dev/blob' into a freshly migrated PGlite folder in this process. */
async function copyIntoPglite(prepared: Prepared): Promise<number> {
  const folder = mkdtempSync(path.join(tmpdir(), "keel-bench-pglite-copy-"));
  const handle = await openDb({ dataDir: folder });
  try {
    await migrateDb(handle);
    const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log: logger, now: () => new Date() };
    await createModel(ctx, { name: DEMO_MODEL, task: "classification" });
    const version = await createModelVersion(ctx, { model: DEMO_MODEL });
    const endpoint = await createEndpoint(ctx, { name: COPY_ENDPOINT, model: DEMO_MODEL, productionVersion: version.version });
    const { rows } = await handle.pglite!.query<{ id: number }>("SELECT id FROM endpoints WHERE name = $1", [endpoint.name]);
    const { rows: versionRows } = await handle.pglite!.query<{ id: number }>("SELECT id FROM model_versions");
    const blob = new Blob(copyChunks(prepared.records, rows[0].id, versionRows[0].id));
    await ensurePredictionPartitions(handle.db, timestampsOf(prepared.records));

    const started = performance.now();
    await handle.pglite!.query(`COPY prediction_logs (${COPY_COLUMNS}) FROM '/dev/blob'`, [], { blob });
    const seconds = (performance.now() - started) / 1000;

    const { rows: counted } = await handle.pglite!.query<{ logs: number }>("SELECT count(*)::int AS logs FROM prediction_logs");
    console.log(`COPY: ${counted[0].logs.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s, ${formatRate(counted[0].logs, seconds)}`);
    return seconds;
  } finally {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function benchPglite(prepared: Prepared, bodies: Buffer[]): Promise<Comparison> {
  console.log("\n== PGlite");
  const copySeconds = await copyIntoPglite(prepared);

  const server = await startBenchServer({ label: "bench-ingest-pglite", scopes: "admin" });
  try {
    console.log(`Keel server ${server.baseUrl} on a temporary PGlite folder`);
    await registerThroughApi(server, prepared);
    const http = await postBatches(server.apiKey, [server], bodies, prepared.records.length);
    printHttpRun(http);
    checkComplete(http, prepared.records.length);
    return {
      database: "PGlite",
      rows: prepared.records.length,
      http,
      copySeconds,
      copyNote: "COPY FROM '/dev/blob' in this process, into an empty table in a separate folder",
    };
  } finally {
    await server.stop();
  }
}

function printHttpRun(run: HttpRun): void {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
  console.log(
    `HTTP: ${run.stored.toLocaleString("en-US")} stored, ${run.duplicates} duplicates in ${run.seconds.toFixed(2)} s, ` +
      `${formatRate(run.stored, run.seconds)} (${clients} clients, ${BATCH_SIZE} records per request; ` +
      `request latency median ${at(0.5)} ms, p95 ${at(0.95)} ms)`,
  );
  console.log(`  ${run.cpu}`);
}

function checkComplete(run: HttpRun, expected: number): void {
  if (run.stored !== expected) throw new Error(`HTTP ingest stored ${run.stored} of ${expected} records`);
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

function printSummary(results: Comparison[]): void {
  console.log(
    `\n== Summary (${flightSelection} flights, ${clients} HTTP clients, ${apps} app(s) on PostgreSQL, batches of ${BATCH_SIZE}; ` +
      `target: HTTP at least ${TARGET_RATIO * 100}% of COPY)`,
  );
  for (const result of results) {
    const httpRate = result.http.stored / result.http.seconds;
    const copyRate = result.rows / result.copySeconds;
    const ratio = httpRate / copyRate;
    console.log(
      `${result.database.padEnd(10)} HTTP ${formatRate(result.http.stored, result.http.seconds).padStart(14)}   ` +
        `COPY ${formatRate(result.rows, result.copySeconds).padStart(14)}   HTTP/COPY ${(ratio * 100).toFixed(1)}% ` +
        `(${ratio >= TARGET_RATIO ? "target met" : "target missed"}); COPY: ${result.copyNote}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`command: ${commandLine()}`);
  console.log(describeMachine());
  ensureBuild();

  const prepared = await preparePredictions(rowsRequested);
  const bodies = requestBodies(prepared.records);

  const results = [await benchPostgres(prepared, bodies), await benchPglite(prepared, bodies)];
  printSummary(results);
  console.log(`load average (1 / 5 / 15 min) at end: ${loadAverage()}`);
}

main().catch((error: unknown) => {
  console.error("ingest benchmark failed:", error);
  process.exitCode = 1;
});
