// Times the rate-limit checks of one request with counters in memory and in PostgreSQL, in the same run,
// and prints both and their ratio. Needs DATABASE_URL; the script creates a scratch database on that
// server and drops it at the end. Run from the repository root:
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx scripts/bench/rate-limits.ts [calls] [concurrency]
//
// Each case makes `calls` checks (default 2,000) after 200 warm-up checks, `concurrency` at a time
// (default 1). An ingest check counts the API key and the client IP, two upserts. A sign-in check counts
// the IP and reads the two failure counters, one upsert and two selects. Limits are set far above the
// calls, so no check is rejected.

import { IN_MEMORY_DATA_DIR, openDb } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { RateLimits } from "../../lib/security/rate-limits";
import { createScratchDatabase } from "../../test/postgres";
import { commandLine, describeMachine, loadAverage } from "./machine";

const calls = Number(process.argv[2] ?? 2_000);
const concurrency = Number(process.argv[3] ?? 1);
const WARM_UP_CALLS = 200;
const KEYS = 100;
const settings = { ingestPerKey: 1_000_000_000, ingestPerIp: 1_000_000_000, signInPerIp: 1_000_000_000, signInMaxFailures: 5 };

type Timing = { medianMs: number; p95Ms: number; meanMs: number };

/** Runs `check(i)` for i below `count`, `concurrency` at a time, and returns each call's milliseconds. */
async function timeCalls(count: number, check: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const runner = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      await check(i);
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  return durations;
}

function summarize(durations: number[]): Timing {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: at(0.5), p95Ms: at(0.95), meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length };
}

async function measure(limits: RateLimits, kind: "ingest" | "sign-in"): Promise<Timing> {
  const check = (i: number) =>
    kind === "ingest"
      ? limits.limitIngest({ keyId: i % KEYS, ip: `10.0.${Math.floor(i / 256) % 256}.${i % 256}` })
      : limits.limitSignIn({ email: `user${i % KEYS}@example.com`, ip: `10.1.0.${i % KEYS}` });
  await timeCalls(WARM_UP_CALLS, check);
  return summarize(await timeCalls(calls, check));
}

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error("DATABASE_URL is missing; set it to a PostgreSQL server such as postgres://postgres@127.0.0.1:5432/test");

console.log(commandLine());
console.log(describeMachine());
console.log(`${calls} calls per case, ${concurrency} at a time`);

const scratch = await createScratchDatabase(serverUrl, "keel_bench_rate_limits");
const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 10 });
try {
  await migrateDb(handle);
  const memory = new RateLimits(settings, null);
  const postgres = new RateLimits(settings, handle.pool!);

  console.log("| check | store | median | p95 | mean | mean / memory mean |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const kind of ["ingest", "sign-in"] as const) {
    const inMemory = await measure(memory, kind);
    const inPostgres = await measure(postgres, kind);
    for (const [store, timing] of [["memory", inMemory], ["PostgreSQL", inPostgres]] as const) {
      const ratio = timing.meanMs / inMemory.meanMs;
      console.log(`| ${kind} | ${store} | ${timing.medianMs.toFixed(3)} ms | ${timing.p95Ms.toFixed(3)} ms | ${timing.meanMs.toFixed(3)} ms | ${ratio.toFixed(1)} |`);
    }
  }
  console.log(`load average (1 / 5 / 15 min) at end: ${loadAverage()}`);
} finally {
  await handle.close();
  await scratch.drop();
}
