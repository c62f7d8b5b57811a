// Times the data requests behind the overview and endpoint pages with few and with many stored prediction
// logs, and prints the median and 95th percentile per request and the ratio of the two databases.
// Run from the repository root. The script runs `next build` first when the build is missing or stale.
//
//   npx tsx scripts/bench/pages.ts [--small 30000] [--big all] [--repeats 30] [--analyze]
//     [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Each database is a scratch database on the PostgreSQL server, served by its own built Keel. It is
// loaded with `npm run keel -- demo --rows N`, which ingests in-process and also stores labels and load
// metrics. `--rows all` loads all 3,000,000 flights. Both servers run at once and every repeat sends each request to both, alternating which
// goes first, so that load from other processes on the machine falls on both alike. Requests use an API
// key with the read scope.
//
// The demo shifts the flights so that the last one falls within the week before today, so the 24h preset
// may contain no predictions. Two custom ranges therefore end at the last stored minute: the 24 hours
// before it, and everything from the first stored minute (about 181 days).
//
// Right after the load, autovacuum may not have analysed the rollup tables yet. Without statistics the
// planner reads every minute rollup row of a long range through the index, although the hourly table
// covers all but the partial hours at its ends. `--analyze` runs ANALYZE on both databases before the
// timed requests, which is the state autovacuum reaches on a running server.

import { parseArgs } from "node:util";
import pg from "pg";
import { DEMO_ENDPOINT } from "../../lib/demo/records";
import { ensureBuild } from "../../test/build";
import { commandLine, describeMachine, loadAverage } from "./machine";
import { startBenchServer, type BenchServer } from "./server";

/** The big database's median may take at most this multiple of the small one's. */
const TARGET_RATIO = 1.5;
const WARM_UP_REQUESTS = 3;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A time range as the query string of both requests, with its bounds for counting the rollup rows it covers. */
type TimeRange = { name: string; query: string; from: Date; to: Date };
type TimedRequest = { name: string; path: string };

const { values: flags } = parseArgs({
  options: {
    small: { type: "string", default: "30000" },
    big: { type: "string", default: "all" },
    repeats: { type: "string", default: "30" },
    analyze: { type: "boolean", default: false },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
  strict: true,
});
const repeats = Number(flags.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: invalid value "${flags.repeats}"; use a positive whole number`);

type Loaded = { label: string; rows: string; server: BenchServer; timingsMs: Map<string, number[]> };

/** Returns the three presets, ending now, and the two custom ranges that end at the last stored minute. */
function timeRanges(firstMinute: Date, lastMinute: Date, now: Date): TimeRange[] {
  const presets = [
    { name: "24h", spanMs: DAY_MS },
    { name: "7d", spanMs: 7 * DAY_MS },
    { name: "30d", spanMs: 30 * DAY_MS },
  ].map(({ name, spanMs }) => ({ name, query: `range=${name}`, from: new Date(now.getTime() - spanMs), to: now }));

  const end = new Date(lastMinute.getTime() + MINUTE_MS);
  const custom = (name: string, from: Date) => ({
    name,
    query: `range=custom&from=${from.toISOString()}&to=${end.toISOString()}`,
    from,
    to: end,
  });
  const allDays = Math.round((end.getTime() - firstMinute.getTime()) / DAY_MS);
  return [...presets, custom("24h to last data", new Date(end.getTime() - DAY_MS)), custom(`all ${allDays} days`, firstMinute)];
}

function requestsFor(ranges: TimeRange[]): TimedRequest[] {
  return [
    ...ranges.map((range) => ({ name: `overview ${range.name}`, path: `/api/v1/overview?${range.query}` })),
    ...ranges.map((range) => ({ name: `endpoint stats ${range.name}`, path: `/api/v1/endpoints/${DEMO_ENDPOINT}/stats?${range.query}` })),
  ];
}

/** Returns the first and last minute with a stored prediction. */
async function storedMinutes(loaded: Loaded): Promise<{ first: Date; last: Date }> {
  const client = new pg.Client({ connectionString: loaded.server.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ first: Date; last: Date }>("SELECT min(minute) AS first, max(minute) AS last FROM prediction_rollups");
    if (rows[0].first === null) throw new Error(`no prediction rollups found in the ${loaded.label} database; check the demo output above`);
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Creates a scratch database, loads the demo into it with `npm run keel -- demo`, then starts Keel on it. */
async function loadAndStart(label: string, rows: string): Promise<Loaded> {
  if (rows !== "all" && !/^[1-9][0-9]*$/.test(rows)) throw new Error(`--${label}: invalid value "${rows}"; use a positive whole number or all`);

  console.log(`\nloading the demo with --rows ${rows} into a scratch database (in-process ingest)`);
  const started = performance.now();
  const server = await startBenchServer({
    label: `bench-pages-${label}`,
    postgresUrl: flags["postgres-url"],
    scopes: "read",
    prepare: async (keel) => {
      const summary = await keel(["demo", "--rows", rows]);
      console.log(summary.split("\n").slice(0, 4).join("\n"));
    },
  });
  console.log(`loaded and started ${server.baseUrl} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { label, rows, server, timingsMs: new Map() };
}

/** Runs ANALYZE on the whole database, so the planner has statistics for the freshly loaded tables. */
async function analyze(loaded: Loaded): Promise<void> {
  const client = new pg.Client({ connectionString: loaded.server.databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query("ANALYZE");
    console.log(`ANALYZE of the ${loaded.label} database took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/** Prints the stored prediction logs and, per range, the minute and hour rollup rows and the predictions in it. */
async function printStoredData(loaded: Loaded, ranges: TimeRange[]): Promise<void> {
  const client = new pg.Client({ connectionString: loaded.server.databaseUrl });
  await client.connect();
  try {
    const { rows: totals } = await client.query<{ logs: number; minutes: number; hours: number }>(
      `SELECT (SELECT count(*)::int FROM prediction_logs) AS logs, (SELECT count(*)::int FROM prediction_rollups) AS minutes,
         (SELECT count(*)::int FROM prediction_hourly_rollups) AS hours`,
    );
    console.log(
      `${loaded.label} (--rows ${loaded.rows}): ${totals[0].logs.toLocaleString("en-US")} prediction logs, ` +
        `${totals[0].minutes.toLocaleString("en-US")} minute and ${totals[0].hours.toLocaleString("en-US")} hour rollup rows`,
    );
    for (const range of ranges) {
      const { rows } = await client.query<{ minutes: number; hours: number; predictions: number }>(
        `SELECT count(*)::int AS minutes, coalesce(sum(count), 0)::int AS predictions,
           (SELECT count(*)::int FROM prediction_hourly_rollups WHERE hour >= $1 AND hour < $2) AS hours
         FROM prediction_rollups WHERE minute >= $1 AND minute < $2`,
        [range.from, range.to],
      );
      const counts = rows[0];
      console.log(
        `  ${range.name.padEnd(18)} ${counts.predictions.toLocaleString("en-US").padStart(9)} predictions, ` +
          `${counts.minutes.toLocaleString("en-US")} minute rows, ${counts.hours.toLocaleString("en-US")} hour rows`,
      );
    }
  } finally {
    await client.end();
  }
}

async function timeRequest(server: BenchServer, path: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(server.baseUrl + path, { headers: { authorization: `Bearer ${server.apiKey}` } });
  const body = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${server.baseUrl}${path} failed with HTTP ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function printResults(small: Loaded, big: Loaded, requests: TimedRequest[]): void {
  console.log(`\n== ${repeats} requests each; milliseconds; target: big median at most ${TARGET_RATIO}× small median`);
  console.log(`${"request".padEnd(34)} ${"small median / p95".padStart(20)} ${"big median / p95".padStart(20)}   big/small median, p95`);
  for (const request of requests) {
    const smallSorted = [...small.timingsMs.get(request.name)!].sort((a, b) => a - b);
    const bigSorted = [...big.timingsMs.get(request.name)!].sort((a, b) => a - b);
    const medianRatio = median(bigSorted) / median(smallSorted);
    const p95Ratio = percentile(bigSorted, 0.95) / percentile(smallSorted, 0.95);
    const pair = (sorted: number[]) => `${median(sorted).toFixed(0)} / ${percentile(sorted, 0.95).toFixed(0)}`;
    console.log(
      `${request.name.padEnd(34)} ${pair(smallSorted).padStart(20)} ${pair(bigSorted).padStart(20)}   ` +
        `${medianRatio.toFixed(2)}, ${p95Ratio.toFixed(2)} (${medianRatio <= TARGET_RATIO ? "target met" : "target missed"})`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`command: ${commandLine()}`);
  console.log(describeMachine());
  ensureBuild();

  const servers: Loaded[] = [];
  try {
    servers.push(await loadAndStart("small", flags.small!));
    servers.push(await loadAndStart("big", flags.big!));
    const [small, big] = servers;

    // Both databases contain the same shifted flights, and the big one contains every flight, so its first
    // and last minute bound the small one's.
    const stored = await storedMinutes(big);
    const ranges = timeRanges(stored.first, stored.last, new Date());
    const requests = requestsFor(ranges);
    console.log(`\nstored predictions from ${stored.first.toISOString()} to ${stored.last.toISOString()}; per range:`);
    for (const loaded of servers) await printStoredData(loaded, ranges);

    console.log("");
    if (flags.analyze) for (const loaded of servers) await analyze(loaded);
    else console.log("no ANALYZE before the timed requests (pass --analyze to run it); the planner uses whatever autovacuum has gathered");

    console.log(`\nload average (1 / 5 / 15 min) before the timed requests: ${loadAverage()}`);
    for (const loaded of servers) {
      for (const request of requests) {
        loaded.timingsMs.set(request.name, []);
        for (let i = 0; i < WARM_UP_REQUESTS; i++) await timeRequest(loaded.server, request.path);
      }
    }
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? [small, big] : [big, small];
      for (const request of requests) {
        for (const loaded of order) loaded.timingsMs.get(request.name)!.push(await timeRequest(loaded.server, request.path));
      }
    }
    printResults(small, big, requests);
  } finally {
    for (const loaded of servers) await loaded.server.stop();
  }
  console.log(`load average (1 / 5 / 15 min) at end: ${loadAverage()}`);
}

main().catch((error: unknown) => {
  console.error("pages benchmark failed:", error);
  process.exitCode = 1;
});
