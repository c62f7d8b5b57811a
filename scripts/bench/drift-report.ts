// Times a 30-day drift report of the flights demo from hourly summaries against the same report from raw
// prediction logs, and prints both times, their ratio and the approximation error of KS and PSI per column.
// Run from the repository root:
//
//   npx tsx scripts/bench/drift-report.ts [--rows all] [--repeats 3]
//     [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// The script creates a scratch database on the PostgreSQL server, loads `npm run keel -- demo --rows N`
// into it (in-process ingest, as scripts/bench/pages.ts does; `--rows all` is 3,000,000 flights), runs
// summarizePendingHours until no hour is left, and times the report both ways. The report compares the
// training month, January 2001 in the demo's shifted clock, with the last 30 days of data, for every
// feature, the prediction and the score, each with the stattest that Evidently's rule chooses:
// - from summaries: loadWindowSummary for both windows, then compareSummaries per column;
// - exact: one query per window that reads every column of every production log in it, then
//   compareDistributions per column.
// Each is timed `--repeats` times after one warm-up run, and the median is reported. The scratch database
// is dropped at the end.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Ctx } from "../../lib/context";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "../../lib/db/client";
import { DEMO_ENDPOINT } from "../../lib/demo/records";
import { compareDistributions, type CompareResult, type SampleValue } from "../../lib/drift/compare";
import type { StattestName } from "../../lib/drift/methods";
import { compareSummaries, loadWindowSummary, summarizePendingHours, type WindowSummary } from "../../lib/drift/summaries";
import { createScratchDatabase } from "../../test/postgres";
import { runKeelCli } from "../../test/server";
import { commandLine, describeMachine, loadAverage } from "./machine";

/** The summaries' report may take at most this share of the exact report's time. */
const TARGET_RATIO = 0.1;
/** Largest allowed difference between the statistic from summaries and the exact one. */
const TARGET_ERROR = 0.01;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string", default: "all" },
    repeats: { type: "string", default: "3" },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
  strict: true,
});
const repeats = Number(flags.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: invalid value "${flags.repeats}"; use a positive whole number`);
if (flags.rows !== "all" && !/^[1-9][0-9]*$/.test(flags.rows!)) throw new Error(`--rows: invalid value "${flags.rows}"; use a positive whole number or all`);

type Window = { from: Date; to: Date };
type Report = Map<string, CompareResult>;
/** The columns of a report and the stattest of each; undefined lets Evidently's rule choose. */
type Plan = Map<string, StattestName | undefined>;

function seconds(startedMs: number): string {
  return ((performance.now() - startedMs) / 1000).toFixed(1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function loadDemo(databaseUrl: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keel-bench-drift-"));
  try {
    const env = { ...process.env, DATABASE_URL: databaseUrl, KEEL_SECRET: randomBytes(32).toString("hex"), KEEL_DATA_DIR: dataDir, KEEL_LOG_LEVEL: "warn" };
    const summary = await runKeelCli(["demo", "--rows", flags.rows!], env);
    console.log(summary.split("\n").slice(0, 2).join("\n"));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function queryRows<T>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Returns the endpoint id, the training month (from version 1's metadata) and the last 30 days of data. */
async function reportWindows(handle: DbHandle): Promise<{ endpointId: number; reference: Window; current: Window }> {
  const [endpoint] = await queryRows<{ id: number; training_range: { from: string; to: string } }>(
    handle,
    sql`SELECT e.id, v.metadata -> 'trainingRange' AS training_range
        FROM endpoints e JOIN model_versions v ON v.id = e.production_version_id WHERE e.name = ${DEMO_ENDPOINT}`,
  );
  const [last] = await queryRows<{ hour: Date }>(handle, sql`SELECT max(hour) AS hour FROM prediction_hourly_rollups WHERE endpoint_id = ${endpoint.id}`);
  const to = new Date(new Date(last.hour).getTime() + HOUR_MS);
  return {
    endpointId: endpoint.id,
    reference: { from: new Date(endpoint.training_range.from), to: new Date(endpoint.training_range.to) },
    current: { from: new Date(to.getTime() - 30 * DAY_MS), to },
  };
}

async function summaryReport(ctx: Ctx, endpointId: number, reference: Window, current: Window, plan?: Plan): Promise<{ report: Report; windows: WindowSummary[] }> {
  const referenceSummary = await loadWindowSummary(ctx, { endpointId, ...reference });
  const currentSummary = await loadWindowSummary(ctx, { endpointId, ...current });
  const report: Report = new Map();
  const columns = plan ?? new Map(Object.keys(currentSummary.columns).map((column) => [column, undefined]));
  for (const [column, method] of columns) {
    if (!referenceSummary.columns[column] || !currentSummary.columns[column]) continue;
    report.set(column, compareSummaries(referenceSummary.columns[column], currentSummary.columns[column], { method }));
  }
  return { report, windows: [referenceSummary, currentSummary] };
}

/** Reads every column of every production log in a window. */
async function rawColumns(handle: DbHandle, endpointId: number, window: Window, features: string[]): Promise<Map<string, SampleValue[]>> {
  const selected = sql.join(
    features.map((name, i) => sql`features -> ${name}::text AS ${sql.identifier(`f${i}`)}`),
    sql`, `,
  );
  const rows = await queryRows<Record<string, SampleValue>>(
    handle,
    sql`SELECT prediction, score, ${selected} FROM prediction_logs
        WHERE endpoint_id = ${endpointId} AND mode = 'production'
          AND "timestamp" >= ${window.from.toISOString()} AND "timestamp" < ${window.to.toISOString()}`,
  );

  const columns = new Map<string, SampleValue[]>();
  columns.set("@prediction", rows.map((row) => row.prediction));
  columns.set("@score", rows.map((row) => row.score ?? null));
  features.forEach((name, i) => columns.set(name, rows.map((row) => row[`f${i}`] ?? null)));
  return columns;
}

async function exactReport(handle: DbHandle, endpointId: number, reference: Window, current: Window, plan: Plan): Promise<Report> {
  const features = [...plan.keys()].filter((column) => !column.startsWith("@"));
  const referenceColumns = await rawColumns(handle, endpointId, reference, features);
  const currentColumns = await rawColumns(handle, endpointId, current, features);
  const report: Report = new Map();
  for (const [column, method] of plan) {
    report.set(column, compareDistributions({ reference: referenceColumns.get(column)!, current: currentColumns.get(column)!, method }));
  }
  return report;
}

async function timeMedian(run: () => Promise<unknown>): Promise<number> {
  await run();
  const timings: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  return median(timings);
}

function printErrors(label: string, exact: Report, approximate: Report): number {
  let worst = 0;
  console.log(`\n${label}`);
  console.log(`${"column".padEnd(14)} ${"method".padEnd(14)} ${"exact".padStart(12)} ${"summaries".padStart(12)} ${"|error|".padStart(10)}`);
  for (const [column, result] of exact) {
    const other = approximate.get(column);
    if (!other) continue;
    const error = Math.abs(other.statistic - result.statistic);
    worst = Math.max(worst, error);
    console.log(
      `${column.padEnd(14)} ${result.method.padEnd(14)} ${result.statistic.toFixed(6).padStart(12)} ${other.statistic.toFixed(6).padStart(12)} ` +
        `${error.toExponential(2).padStart(10)}${other.method === result.method ? "" : ` (summaries chose ${other.method})`}`,
    );
  }
  return worst;
}

async function main(): Promise<void> {
  console.log(`command: ${commandLine()}`);
  console.log(describeMachine());

  const scratch = await createScratchDatabase(flags["postgres-url"]!, "keel_bench_drift");
  let handle: DbHandle | undefined;
  try {
    console.log(`\nloading the demo with --rows ${flags.rows} into ${scratch.name} (in-process ingest)`);
    const loadStarted = performance.now();
    await loadDemo(scratch.url);
    console.log(`loaded in ${seconds(loadStarted)} s; load average ${loadAverage()}`);

    handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 4 });
    const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log: pino({ level: "warn" }), now: () => new Date() };

    const summarizeStarted = performance.now();
    let hours = 0;
    for (let batch = await summarizePendingHours(ctx); batch.hours > 0; batch = await summarizePendingHours(ctx)) hours += batch.hours;
    const summarizeMs = performance.now() - summarizeStarted;
    const [logs] = await queryRows<{ n: number }>(handle, sql`SELECT count(*)::int AS n FROM prediction_logs`);
    console.log(
      `summarized ${hours.toLocaleString("en-US")} hours (${logs.n.toLocaleString("en-US")} logs) in ${(summarizeMs / 1000).toFixed(1)} s, ` +
        `${(summarizeMs / hours).toFixed(1)} ms per hour; load average ${loadAverage()}`,
    );
    await handle.db.execute(sql`ANALYZE drift_summaries, drift_summary_hours, drift_summary_columns`);

    const { endpointId, reference, current } = await reportWindows(handle);
    const { report: fromSummaries, windows } = await summaryReport(ctx, endpointId, reference, current);
    const columns = Object.keys(windows[1].columns).sort();
    const defaultPlan: Plan = new Map(columns.map((column) => [column, undefined]));
    console.log(
      `\nreference ${reference.from.toISOString()} to ${reference.to.toISOString()}: ${windows[0].rows.toLocaleString("en-US")} logs in ${windows[0].hours} hours`,
    );
    console.log(`current   ${current.from.toISOString()} to ${current.to.toISOString()}: ${windows[1].rows.toLocaleString("en-US")} logs in ${windows[1].hours} hours`);

    const summaryMs = await timeMedian(() => summaryReport(ctx, endpointId, reference, current));
    const exactMs = await timeMedian(() => exactReport(handle!, endpointId, reference, current, defaultPlan));
    const ratio = summaryMs / exactMs;
    console.log(`\n== 30-day report, ${columns.length} columns, median of ${repeats} after a warm-up; load average ${loadAverage()}`);
    console.log(`from summaries: ${summaryMs.toFixed(0)} ms`);
    console.log(`exact:          ${exactMs.toFixed(0)} ms`);
    console.log(`ratio:          ${ratio.toFixed(3)} (target at most ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? "met" : "missed"})`);

    printErrors("stattest chosen by Evidently's rule", await exactReport(handle, endpointId, reference, current, defaultPlan), fromSummaries);
    let worst = 0;
    const numerical = columns.filter((column) => windows[1].columns[column].type === "numerical");
    for (const [method, included] of [["ks", numerical], ["psi", columns]] as const) {
      const plan: Plan = new Map(included.map((column) => [column, method]));
      const exact = await exactReport(handle, endpointId, reference, current, plan);
      const approximate = (await summaryReport(ctx, endpointId, reference, current, plan)).report;
      worst = Math.max(worst, printErrors(method, exact, approximate));
    }
    console.log(`\nlargest KS or PSI error: ${worst.toExponential(2)} (target at most ${TARGET_ERROR}: ${worst <= TARGET_ERROR ? "met" : "missed"})`);
    console.log(`load average at the end: ${loadAverage()}`);
  } finally {
    await handle?.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
