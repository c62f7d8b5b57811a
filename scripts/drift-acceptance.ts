// Runs Keel's drift checks on the flights demo and prints the figures of docs/drift.md as Markdown:
// January 2001 as the reference against each later month, the drift monitor as it runs on the demo, and
// the false-alarm check between two random halves of January.
//
//   npx tsx scripts/drift-acceptance.ts [--rows 200000]
//
// The script loads `--rows` flights spread over the six months, as `keel demo --rows N` does, into an
// in-memory PGlite, with labels, and uses the same functions as the monitors: hourly summaries merged over
// a window (loadWindowSummary), compareSummaries with Evidently's default stattests and thresholds, and
// label counts per window. The random halves are compared exactly, on raw values (compareDistributions).

import { sql } from "drizzle-orm";
import { parseArgs } from "node:util";
import type { Ctx } from "../lib/context";
import { IN_MEMORY_DATA_DIR, openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { filterFlights, scanFlights, takeFlights } from "../lib/demo/flights";
import { DEMO_ENDPOINT, type ReplaySource } from "../lib/demo/records";
import { ensureDemoEndpoint, readDemoState, registerDemoModel } from "../lib/demo/register";
import { replayFlights } from "../lib/demo/replay";
import { isSampled } from "../lib/demo/sample";
import { shiftedTime, shiftWeeksFor } from "../lib/demo/shift";
import { LocalTarget } from "../lib/demo/target-local";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel } from "../lib/demo/train";
import { compareDistributions, type SampleValue, type StattestName } from "../lib/drift";
import { compareSummaries, loadWindowSummary, summarizePendingHours, type ColumnSummary } from "../lib/drift/summaries";
import { logger } from "../lib/log";
import { createMonitor, runMonitor, type DriftReport } from "../lib/monitors";
import { LABEL_COLUMN, labelSummary } from "../lib/monitors/labels";
import { commandLine, describeMachine } from "./bench/machine";

const { values: flags } = parseArgs({ options: { rows: { type: "string", default: "200000" } }, strict: true });
const rows = Number(flags.rows);
if (!Number.isInteger(rows) || rows < 10_000) throw new Error(`--rows: invalid value "${flags.rows}"; use a whole number of at least 10000`);

const MONTHS = ["January", "February", "March", "April", "May", "June"];
const FEATURES = ["distance", "dep_hour", "weekday", "origin", "destination"];
const PVALUE_METHODS: Record<string, StattestName> = {
  distance: "ks",
  dep_hour: "ks",
  weekday: "chisquare",
  origin: "chisquare",
  destination: "chisquare",
  "@score": "ks",
  "@prediction": "chisquare",
  "@label": "chisquare",
};

function format(value: number | null): string {
  if (value === null) return "–";
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(1);
  return value.toFixed(3);
}

function describe(result: { method: string; statistic: number; pValue: number | null; drifted: boolean }): string {
  const measure = result.pValue === null ? format(result.statistic) : `p ${format(result.pValue)}`;
  return `${result.drifted ? "**drift** " : ""}${measure}`;
}

async function main() {
  console.log(`<!-- ${commandLine()} on ${describeMachine()} -->`);
  const handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
  await migrateDb(handle);
  const log = logger.child({ script: "drift-acceptance" });
  // As `keel demo` does: the model trains on every January flight, and the sampled flights are replayed.
  const scan = await scanFlights({
    select: (rowIndex, departureMs, totalRows) => departureMs < TRAINING_END_MS || isSampled(rowIndex, rows, totalRows),
  });
  const training = trainFlightDelayModel(scan.flights);
  const replayed = takeFlights(scan.flights, filterFlights(scan.flights, (i) => isSampled(scan.flights.rowIndex[i], rows, scan.totalRows)));
  const shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, new Date());
  const target = new LocalTarget(handle, log);
  await registerDemoModel(target, await readDemoState(target), training, shiftWeeks);
  await ensureDemoEndpoint(target);
  const source: ReplaySource = { flights: replayed, scorer: new FlightDelayScorer(training.model), shiftWeeks, minuteCounts: scan.minuteCounts };
  await replayFlights(source, target, new Date());

  const lastData = shiftedTime(scan.lastDepartureMs, shiftWeeks);
  const ctx: Ctx = { db: handle.db, actor: { type: "system" }, log, now: () => new Date(lastData.getTime() + 60_000) };
  while ((await summarizePendingHours(ctx, {})).hours > 0);
  const [{ id: endpointId }] = (
    (await handle.db.execute(sql`SELECT id FROM endpoints WHERE name = ${DEMO_ENDPOINT}`)) as unknown as { rows: { id: number }[] }
  ).rows;

  // Calendar months of 2001, shifted as the demo shifts them.
  const month = (index: number) => ({
    endpointId,
    from: shiftedTime(Date.UTC(2001, index, 1), shiftWeeks),
    to: shiftedTime(Date.UTC(2001, index + 1, 1), shiftWeeks),
  });
  const windows = await Promise.all(MONTHS.map((_, index) => loadWindowSummary(ctx, month(index))));
  const labels = await Promise.all(MONTHS.map((_, index) => labelSummary(ctx, month(index))));
  const columns = (index: number): Record<string, ColumnSummary> => ({ ...windows[index].columns, [LABEL_COLUMN]: labels[index] });

  console.log(`\n${rows.toLocaleString("en-US")} flights, ${windows.map((w, i) => `${MONTHS[i]} ${w.rows.toLocaleString("en-US")}`).join(", ")}.\n`);
  const shown = [...FEATURES, "@score", "@prediction", LABEL_COLUMN];
  console.log(`| month against January | ${shown.join(" | ")} | dataset drift (share) |`);
  console.log(`|---|${shown.map(() => "---:").join("|")}|---:|`);
  for (let index = 1; index < MONTHS.length; index += 1) {
    const cells = shown.map((column) => describe(compareSummaries(columns(0)[column], columns(index)[column])));
    const drifted = FEATURES.filter((column) => compareSummaries(columns(0)[column], columns(index)[column]).drifted).length;
    console.log(`| ${MONTHS[index]} | ${cells.join(" | ")} | ${drifted / FEATURES.length >= 0.5 ? "yes" : "no"} (${drifted}/${FEATURES.length}) |`);
  }
  console.log(`\nThe same comparisons with p-value tests (${Object.entries(PVALUE_METHODS).map(([column, method]) => `${column} ${method}`).join(", ")}), drift at p <= 0.05:\n`);
  console.log(`| month against January | ${shown.join(" | ")} | dataset drift (share) |`);
  console.log(`|---|${shown.map(() => "---:").join("|")}|---:|`);
  for (let index = 1; index < MONTHS.length; index += 1) {
    const results = shown.map((column) => compareSummaries(columns(0)[column], columns(index)[column], { method: PVALUE_METHODS[column] }));
    const drifted = results.filter((result, k) => FEATURES.includes(shown[k]) && result.drifted).length;
    console.log(`| ${MONTHS[index]} | ${results.map(describe).join(" | ")} | ${drifted / FEATURES.length >= 0.5 ? "yes" : "no"} (${drifted}/${FEATURES.length}) |`);
  }

  const methods = shown.map((column) => `${column} ${compareSummaries(columns(0)[column], columns(1)[column]).method}`);
  console.log(`\nStattests chosen by the default rule: ${methods.join(", ")}.`);
  const rate = (summary: ColumnSummary) =>
    summary.type === "categorical" ? (summary.categories.get("1") ?? 0) / Math.max(1, summary.count) : Number.NaN;
  console.log(`Delayed share by month: ${labels.map((summary, i) => `${MONTHS[i]} ${(100 * rate(summary)).toFixed(1)}%`).join(", ")}.`);

  // Monitors with January's logs as the reference, run at the end of each later month over the 30 days before.
  console.log(`\nMonitors with January as the reference, run at the end of each month over the last 30 days:\n`);
  console.log(`| run at the end of | window rows | default stattests: drifted | p-value tests: drifted |`);
  console.log(`|---|---:|---|---|`);
  const january = { type: "range" as const, from: month(0).from.toISOString(), to: month(0).to.toISOString() };
  const pValueOverrides = Object.fromEntries(Object.entries(PVALUE_METHODS).map(([column, method]) => [column, { method }]));
  for (let index = 1; index < MONTHS.length; index += 1) {
    const at: Ctx = { ...ctx, now: () => month(index).to };
    const runs: DriftReport[] = [];
    for (const [name, overrides] of [["default", {}], ["p-values", pValueOverrides]] as const) {
      const monitor = await createMonitor(at, { endpoint: DEMO_ENDPOINT, name: `${name}-${index}`, reference: january, window: "30d", cron: "0 * * * *", overrides });
      runs.push(await runMonitor(at, { monitorId: monitor.id }));
    }
    const drifted = (report: DriftReport) =>
      [...report.body.features, ...report.body.prediction].filter((column) => column.drifted).map((column) => column.column).join(", ") || "none";
    console.log(`| ${MONTHS[index]} | ${runs[0].currentRows.toLocaleString("en-US")} | ${runs[0].status}: ${drifted(runs[0])} | ${runs[1].status}: ${drifted(runs[1])} |`);
  }

  // False-alarm check: January split in two by a hash of the request id, compared exactly on raw values.
  const result = await handle.db.execute(sql`
    SELECT p.request_id, p.features, p.score, l.label
    FROM prediction_logs p LEFT JOIN labels l ON l.endpoint_id = p.endpoint_id AND l.request_id = p.request_id
    WHERE p.endpoint_id = ${endpointId} AND p."timestamp" >= ${month(0).from.toISOString()} AND p."timestamp" < ${month(0).to.toISOString()}`);
  const januaryRows = (result as unknown as { rows: { request_id: string; features: Record<string, SampleValue>; score: number; label: unknown }[] }).rows;
  const half = (requestId: string) => (Number.parseInt(requestId.slice(3), 10) * 2_654_435_761) % 4_294_967_296 < 2_147_483_648;
  const halves = [januaryRows.filter((row) => half(row.request_id)), januaryRows.filter((row) => !half(row.request_id))];
  console.log(`\nRandom halves of January (${halves[0].length.toLocaleString("en-US")} and ${halves[1].length.toLocaleString("en-US")} flights), default stattests on raw values:\n`);
  console.log(`| column | default stattest | statistic | drift | p-value test | p-value | drift |`);
  console.log(`|---|---|---:|---|---|---:|---|`);
  const valuesOf = (rowsOfHalf: typeof januaryRows, column: string): SampleValue[] =>
    rowsOfHalf.map((row) => (column === "@score" ? row.score : column === LABEL_COLUMN ? (row.label === null ? null : String(row.label)) : row.features[column]));
  for (const column of [...FEATURES, "@score", LABEL_COLUMN]) {
    const samples = { reference: valuesOf(halves[0], column), current: valuesOf(halves[1], column) };
    const byDefault = compareDistributions(samples);
    const byPValue = compareDistributions({ ...samples, method: PVALUE_METHODS[column] });
    console.log(
      `| ${column} | ${byDefault.method} | ${format(byDefault.statistic)} | ${byDefault.drifted ? "yes" : "no"} | ` +
        `${byPValue.method} | ${format(byPValue.pValue)} | ${byPValue.drifted ? "yes" : "no"} |`,
    );
  }
  await handle.close();
}

await main();
