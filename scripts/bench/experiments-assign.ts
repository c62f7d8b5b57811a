// Measures experiment assignment: the in-process function against a bare MurmurHash3 of the same ids,
// and POST /api/v1/experiments/{key}/assign against GET /api/health (a public route returning constant
// JSON) on the same built server in the same run, with autocannon. Run from the repository root; the
// script runs `next build` first when the build is missing or stale.
//
//   npx tsx scripts/bench/experiments-assign.ts [--seconds 8] [--connections 10] [--rounds 2] [--in-process-only]
//
// The server uses a temporary PGlite folder (or a scratch database with --postgres-url). Rounds alternate
// the two routes, so load from other processes falls on both alike.

import { parseArgs } from "node:util";
import autocannon from "autocannon";
import murmurhash from "murmurhash";
import { compileAssigner } from "../../lib/experiments/assign";
import { ensureBuild } from "../../test/build";
import { commandLine, describeMachine, loadAverage } from "./machine";
import { startBenchServer } from "./server";

const IN_PROCESS_UNITS = 1_000_000;
const IN_PROCESS_REPEATS = 5;
const TARGET_ASSIGNMENTS_PER_SECOND = 1_000_000;
const TARGET_HTTP_RATIO = 0.5;

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    "postgres-url": { type: "string" },
    "in-process-only": { type: "boolean", default: false },
  },
});

function inProcess(): { assignPerSecond: number; hashPerSecond: number } {
  const ids = Array.from({ length: IN_PROCESS_UNITS }, (_, index) => `user-${index}`);
  const assign = compileAssigner({
    seed: "bench",
    variants: [
      { key: "control", weight: 0.5, isControl: true },
      { key: "treatment", weight: 0.5, isControl: false },
    ],
  });

  let sink = 0;
  const time = (work: () => void) => {
    work();
    const started = performance.now();
    for (let repeat = 0; repeat < IN_PROCESS_REPEATS; repeat++) work();
    return (IN_PROCESS_UNITS * IN_PROCESS_REPEATS) / ((performance.now() - started) / 1000);
  };
  const assignPerSecond = time(() => {
    for (const id of ids) sink += assign(id).weight;
  });
  const hashPerSecond = time(() => {
    for (const id of ids) sink += murmurhash.v3(id, 7);
  });
  if (sink === -1) console.log(sink);
  return { assignPerSecond, hashPerSecond };
}

async function run(options: autocannon.Options): Promise<number> {
  const result = await autocannon(options);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  return result.requests.average;
}

async function main(): Promise<void> {
  console.log(commandLine());
  console.log(describeMachine());

  const local = inProcess();
  console.log(
    `in-process assign: ${Math.round(local.assignPerSecond).toLocaleString("en-US")} assignments/s ` +
      `(target ${TARGET_ASSIGNMENTS_PER_SECOND.toLocaleString("en-US")}); bare MurmurHash3 of the same ids: ` +
      `${Math.round(local.hashPerSecond).toLocaleString("en-US")}/s, ratio ${(local.assignPerSecond / local.hashPerSecond).toFixed(2)}`,
  );

  if (flags["in-process-only"]) return;

  await ensureBuild();
  const server = await startBenchServer({ label: "bench-assign", postgresUrl: flags["postgres-url"], scopes: "admin" });
  try {
    const headers = { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" };
    const post = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.baseUrl}${path}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`POST ${path} failed with ${response.status}: ${await response.text()}`);
    };
    await post("/api/v1/models", { name: "bench-model", task: "classification" });
    await post("/api/v1/models/bench-model/versions", {});
    await post("/api/v1/models/bench-model/versions", {});
    await post("/api/v1/endpoints", { name: "bench-endpoint", model: "bench-model", productionVersion: 1 });
    await post("/api/v1/experiments", {
      key: "bench",
      endpoint: "bench-endpoint",
      unit: "user_id",
      variants: [
        { key: "control", version: 1, weight: 50, isControl: true },
        { key: "treatment", version: 2, weight: 50 },
      ],
      metrics: { primary: { kind: "log_loss" } },
      mde: 0.02,
      plannedSampleSize: 10_000,
    });
    await post("/api/v1/experiments/bench/start");

    const common = { connections: Number(flags.connections), duration: Number(flags.seconds), headers };
    let unit = 0;
    const assignOptions: autocannon.Options = {
      ...common,
      url: `${server.baseUrl}/api/v1/experiments/bench/assign`,
      requests: [{ method: "POST", setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify({ unitId: `unit-${unit++}` }) }) }],
    };
    const healthOptions: autocannon.Options = { ...common, url: `${server.baseUrl}/api/health` };
    // An authenticated read through the same route wrapper, to separate the wrapper's cost from assignment's.
    const readOptions: autocannon.Options = { ...common, url: `${server.baseUrl}/api/v1/experiments/bench` };

    // One short warm-up of each, so that both routes are compiled and cached before timing.
    await run({ ...healthOptions, duration: 2 });
    await run({ ...assignOptions, duration: 2 });

    const health: number[] = [];
    const assign: number[] = [];
    const read: number[] = [];
    for (let round = 0; round < Number(flags.rounds); round++) {
      health.push(await run(healthOptions));
      assign.push(await run(assignOptions));
      read.push(await run(readOptions));
      console.log(
        `round ${round + 1}: health ${Math.round(health.at(-1)!)} req/s, assign ${Math.round(assign.at(-1)!)} req/s, ` +
          `GET experiment ${Math.round(read.at(-1)!)} req/s, load ${loadAverage()}`,
      );
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const ratio = mean(assign) / mean(health);
    console.log(
      `HTTP: assign ${Math.round(mean(assign))} req/s, /api/health ${Math.round(mean(health))} req/s, ratio ${ratio.toFixed(2)} ` +
        `(target ${TARGET_HTTP_RATIO}); GET /api/v1/experiments/bench ${Math.round(mean(read))} req/s; ` +
        `${unit.toLocaleString("en-US")} units assigned; load at end ${loadAverage()}`,
    );
  } finally {
    await server.stop();
  }
}

await main();
