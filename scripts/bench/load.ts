// Bounded load test on loopback: several built Keel app processes share one scratch PostgreSQL database;
// clients ingest prediction batches at a fixed rate while signed-in users read dashboard data and an
// approver reads an open promotion request and comments on it through the session cookie. Each step raises the ingest rate and holds
// it; the script prints throughput, p95 latency and error rate per workload and step, and the highest
// ingest rate whose p95 stayed under 500 ms with no errors. Run from the repository root; it runs
// `next build` first when the build is missing or stale.
//
//   npx tsx scripts/bench/load.ts [--apps 2] [--rates 400,1000,1600,2400] [--hold 60] [--batch 100]
//     [--readers 4] [--read-rate 20] [--write-rate 2] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Rates are records per second for ingest and requests per second for reads and writes, summed over the
// apps. Each app gets an equal share from its own autocannon instance, as a round-robin load balancer
// would give. A 5-minute hold is --hold 300; shorter holds keep the run short on a shared machine.

import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { IN_MEMORY_DATA_DIR, openDb } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { ensureBuild } from "../../test/build";
import { createScratchDatabase } from "../../test/postgres";
import { startKeelServer, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, type KeelServer } from "../../test/server";
import { commandLine, describeMachine, loadAverage } from "./machine";

const P95_LIMIT_MS = 500;
const MODEL = "load-model";
const ENDPOINT = "load-endpoint";

const { values: flags } = parseArgs({
  options: {
    apps: { type: "string", default: "2" },
    rates: { type: "string", default: "400,1000,1600,2400" },
    hold: { type: "string", default: "60" },
    batch: { type: "string", default: "100" },
    readers: { type: "string", default: "4" },
    "read-rate": { type: "string", default: "20" },
    "write-rate": { type: "string", default: "2" },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
  strict: true,
});

function positive(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name}: invalid value "${value}"; use a positive whole number`);
  return parsed;
}

const apps = positive("apps", flags.apps);
const holdSeconds = positive("hold", flags.hold);
const batchSize = positive("batch", flags.batch);
const readers = positive("readers", flags.readers);
const readRate = positive("read-rate", flags["read-rate"]);
const writeRate = positive("write-rate", flags["write-rate"]);
const rates = flags.rates.split(",").map((rate) => positive("rates", rate.trim()));

type Sample = { ms: number; status: number };
type WorkloadResult = { requests: number; errors: number; throughput: number; p95Ms: number };

/** Returns the nearest-rank 95th percentile of `values` in milliseconds. */
function p95(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

function summarize(samples: Sample[], transportErrors: number, seconds: number): WorkloadResult {
  const errors = samples.filter((sample) => sample.status >= 400).length + transportErrors;
  return { requests: samples.length, errors, throughput: samples.length / seconds, p95Ms: p95(samples.map((sample) => sample.ms)) };
}

/** Runs one autocannon instance at a fixed request rate and collects each response's status and time. */
async function drive(options: autocannon.Options): Promise<{ samples: Sample[]; transportErrors: number }> {
  const samples: Sample[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on("response", (_client, status, _bytes, responseTime) => samples.push({ ms: responseTime, status }));
  });
  return { samples, transportErrors: result.errors + result.timeouts };
}

async function signIn(baseUrl: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD, json: "true" }),
    redirect: "manual",
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in set no session cookie (status ${response.status})`);
  return session.split(";")[0];
}

let sequence = 0;
function ingestBody(): string {
  const timestamp = new Date(Date.now() - 60_000).toISOString();
  const records = Array.from({ length: batchSize }, () => {
    sequence += 1;
    return { endpoint: ENDPOINT, modelVersion: 1, requestId: `load-${sequence}`, timestamp, features: { x: sequence % 97, plan: `p${sequence % 5}` }, prediction: sequence % 2, score: (sequence % 100) / 100, latencyMs: 5 };
  });
  return JSON.stringify({ records });
}

async function main(): Promise<void> {
  ensureBuild();
  console.log(`command: ${commandLine()}\n${describeMachine()}`);

  const scratch = await createScratchDatabase(flags["postgres-url"], "keel_test_load");
  const servers: KeelServer[] = [];
  try {
    // Migrating takes two connections: one holds the advisory lock.
    const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
    await migrateDb(handle);
    await handle.close();

    const secret = randomBytes(32).toString("hex");
    let apiKey = "";
    for (let index = 0; index < apps; index += 1) {
      servers.push(
        await startKeelServer({
          label: `load-${index}`,
          databaseUrl: scratch.url,
          // One app runs the job worker, as a single worker Deployment would.
          env: { KEEL_SECRET: secret, KEEL_WORKER: index === 0 ? "in-process" : "off", KEEL_LOG_LEVEL: "warn" },
          prepare: index === 0 ? async (keel) => void (apiKey = (await keel(["create-api-key", "--name", "load", "--scopes", "admin"])).trim()) : undefined,
        }),
      );
    }
    const bearer = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const setup = async (pathName: string, body: unknown): Promise<{ id?: number }> => {
      const response = await fetch(`${servers[0].baseUrl}${pathName}`, { method: "POST", headers: bearer, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${pathName} returned ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id?: number };
    };
    await setup("/api/v1/models", { name: MODEL, task: "classification" });
    await setup(`/api/v1/models/${MODEL}/versions`, { offlineMetrics: { roc_auc: 0.7 } });
    await setup(`/api/v1/models/${MODEL}/versions`, { offlineMetrics: { roc_auc: 0.71 } });
    await setup("/api/v1/endpoints", { name: ENDPOINT, model: MODEL, productionVersion: 1 });
    // The approver workload reads this request, with its checks, and comments on it. Production is
    // reachable only from shadow or canary, so version 2 moves through candidate to shadow first.
    await setup(`/api/v1/models/${MODEL}/versions/2/stage`, { stage: "candidate" });
    await setup(`/api/v1/models/${MODEL}/versions/2/stage`, { stage: "shadow" });
    const promotion = await setup("/api/v1/promotions", { endpoint: ENDPOINT, version: 2, reason: "Load test candidate." });
    const cookie = await signIn(servers[0].baseUrl);

    const rows: string[] = [];
    let best: number | null = null;
    for (const rate of rates) {
      const batchesPerSecond = rate / batchSize;
      const runs = servers.flatMap((server) => [
        drive({
          url: server.baseUrl,
          connections: Math.max(2, Math.ceil(batchesPerSecond / apps)),
          overallRate: Math.max(1, Math.round(batchesPerSecond / apps)),
          duration: holdSeconds,
          requests: [{ method: "POST", path: "/api/v1/predictions", headers: bearer, setupRequest: (request) => ({ ...request, body: ingestBody() }) }],
        }).then((result) => ({ workload: "ingest", ...result })),
        drive({
          url: server.baseUrl,
          connections: Math.max(1, Math.ceil(readers / apps)),
          overallRate: Math.max(1, Math.round(readRate / apps)),
          duration: holdSeconds,
          headers: { cookie },
          requests: [
            { method: "GET", path: "/api/v1/overview?range=24h" },
            { method: "GET", path: `/api/v1/endpoints/${ENDPOINT}/stats?range=24h` },
          ],
        }).then((result) => ({ workload: "dashboard reads", ...result })),
        drive({
          url: server.baseUrl,
          connections: 1,
          overallRate: Math.max(1, Math.round(writeRate / apps)),
          duration: holdSeconds,
          headers: { cookie, origin: server.baseUrl, "content-type": "application/json" },
          requests: [
            { method: "GET", path: `/api/v1/promotions/${promotion.id}` },
            { method: "POST", path: `/api/v1/promotions/${promotion.id}/comments`, body: JSON.stringify({ body: "Checked the shadow latency." }) },
          ],
        }).then((result) => ({ workload: "approver actions", ...result })),
      ]);
      const results = await Promise.all(runs);
      const load = loadAverage();

      let ingestOk = true;
      for (const workload of ["ingest", "dashboard reads", "approver actions"]) {
        const parts = results.filter((result) => result.workload === workload);
        const summary = summarize(
          parts.flatMap((part) => part.samples),
          parts.reduce((sum, part) => sum + part.transportErrors, 0),
          holdSeconds,
        );
        const throughput = workload === "ingest" ? `${Math.round(summary.throughput * batchSize)} records/s (${summary.throughput.toFixed(1)} req/s)` : `${summary.throughput.toFixed(1)} req/s`;
        const errorRate = summary.requests ? ((100 * summary.errors) / summary.requests).toFixed(2) : "n/a";
        rows.push(`| ${rate} | ${workload} | ${throughput} | ${summary.p95Ms.toFixed(0)} | ${errorRate}% | ${load} |`);
        if (workload === "ingest") ingestOk = summary.errors === 0 && summary.p95Ms < P95_LIMIT_MS && summary.throughput * batchSize >= 0.95 * rate;
      }
      if (ingestOk) best = rate;
      console.log(rows.slice(-3).join("\n"));
      if (!ingestOk) break;
    }

    console.log(`\nhold: ${holdSeconds} s per step; ${apps} apps; batches of ${batchSize} records\n`);
    console.log("| target ingest (records/s) | workload | throughput | p95 (ms) | errors | load average (1/5/15 min) at step end |");
    console.log("|---|---|---|---|---|---|");
    console.log(rows.join("\n"));
    console.log(`\nhighest ingest rate held with p95 < ${P95_LIMIT_MS} ms and no errors: ${best === null ? "none of the rates tried" : `${best} records/s`}`);
  } finally {
    for (const server of servers) await server.stop();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
