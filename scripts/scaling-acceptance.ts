// Replays the demo's scaling policies over the real flights-per-minute trace and prints the figures of
// docs/scaling.md as Markdown: the two demo policies side by side, a sweep of targets for both kinds so
// that SLO breaches can be compared at similar replica-hours, and the forecast's error against actual load.
//
//   npx tsx scripts/scaling-acceptance.ts [--weeks 4]
//
// The trace is every flight of flights-3m.parquet (January to June 2001) counted per departure minute,
// as `keel demo` sends it: requests per second = flights in the minute / 60. The replay covers the last
// `--weeks` whole weeks of the file, and the predictive policy fits its forecast on the weeks before.
// A minute breaches the SLO when its load is above replicas × REPLICA_CAPACITY_RPS (lib/demo/load.ts).

import { parseArgs } from "node:util";
import { MINUTE_MS, scanFlights } from "../lib/demo/flights";
import { REPLICA_CAPACITY_RPS } from "../lib/demo/load";
import { DEMO_PREDICTIVE_POLICY, DEMO_TARGET_TRACKING_POLICY } from "../lib/demo/scaling";
import { HOUR_MS } from "../lib/scaling/forecast";
import type { HorizontalPolicy, PredictivePolicy, TargetTrackingPolicy } from "../lib/scaling/schema";
import { scalingPolicySchema } from "../lib/scaling/schema";
import { simulate, type LoadColumns, type SimulationResult } from "../lib/scaling/simulate";
import type { ReplayRun } from "../lib/scaling-policies/replay";
import { prepareReplayChart } from "../lib/scaling-policies/replay-chart";
import { commandLine, describeMachine } from "./bench/machine";

const { values: flags } = parseArgs({ options: { weeks: { type: "string", default: "4" } }, strict: true });
const weeks = Number(flags.weeks);
if (!Number.isInteger(weeks) || weeks < 1 || weeks > 12) throw new Error(`--weeks: invalid value "${flags.weeks}"; use a whole number from 1 to 12`);

const WEEK_MS = 7 * 24 * HOUR_MS;
const TARGETS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45];

function columns(counts: Uint16Array, firstMinuteMs: number, fromMs: number, toMs: number): LoadColumns {
  const first = Math.max(0, Math.floor((fromMs - firstMinuteMs) / MINUTE_MS));
  const last = Math.min(counts.length, Math.floor((toMs - firstMinuteMs) / MINUTE_MS));
  const timestamps = new Float64Array(last - first);
  const values = new Float64Array(last - first);
  for (let i = first; i < last; i++) {
    timestamps[i - first] = firstMinuteMs + i * MINUTE_MS;
    values[i - first] = counts[i] / 60;
  }
  return { timestamps, values };
}

function row(label: string, result: SimulationResult): string {
  const { replicaHours, sloBreachMinutes, scaleEvents } = result.summary;
  return `| ${label} | ${replicaHours.toFixed(0)} | ${sloBreachMinutes.toFixed(0)} | ${scaleEvents} |`;
}

const started = performance.now();
const scan = await scanFlights({ select: () => false });
const { counts, firstMinuteMs } = scan.minuteCounts;
// The replay ends at the start of the last whole day of the file, so that no partial day is compared.
const endMs = Math.floor((firstMinuteMs + counts.length * MINUTE_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS;
const fromMs = endMs - weeks * WEEK_MS;
const series = columns(counts, firstMinuteMs, fromMs, endMs);
const history = columns(counts, firstMinuteMs, fromMs - 4 * WEEK_MS, fromMs);
const base = { series, history, initialReplicas: 1, capacityPerReplica: REPLICA_CAPACITY_RPS, pricePerReplicaHour: 1 };

const tracking = scalingPolicySchema.parse(DEMO_TARGET_TRACKING_POLICY.policy) as TargetTrackingPolicy;
const predictive = scalingPolicySchema.parse(DEMO_PREDICTIVE_POLICY.policy) as PredictivePolicy;
const replayStarted = performance.now();
const trackingResult = simulate({ ...base, policy: tracking });
const trackingSeconds = (performance.now() - replayStarted) / 1000;
const predictiveResult = simulate({ ...base, policy: predictive });

const run: ReplayRun = {
  from: fromMs,
  to: endMs,
  loadPoints: series.timestamps.length,
  initialReplicas: 1,
  replays: [
    { policyId: 1, name: DEMO_TARGET_TRACKING_POLICY.name, kind: "target_tracking", version: 1, result: trackingResult },
    { policyId: 2, name: DEMO_PREDICTIVE_POLICY.name, kind: "predictive", version: 1, result: predictiveResult },
  ],
};
const chart = prepareReplayChart(run);

const out: string[] = [];
out.push(`Command: \`${commandLine()}\``, "", "```", describeMachine(), "```", "");
out.push(`Replay range: ${new Date(fromMs).toISOString()} to ${new Date(endMs).toISOString()} (${series.timestamps.length.toLocaleString("en-US")} one-minute points, file time); forecast history: the 4 weeks before.`, "");
out.push(`Target tracking replayed ${series.timestamps.length.toLocaleString("en-US")} points in ${trackingSeconds.toFixed(2)} s.`, "");
out.push("### The demo's two policies", "", "| policy | replica-hours | SLO breach minutes | scale events |", "|---|---:|---:|---:|");
out.push(row(`${DEMO_TARGET_TRACKING_POLICY.name} (target tracking, target ${tracking.target})`, trackingResult));
out.push(row(`${DEMO_PREDICTIVE_POLICY.name} (predictive, target ${predictive.target}, buffer ${predictive.bufferSeconds} s)`, predictiveResult));
if (chart.forecast) {
  const { mape, wape, mapePoints, compared, minActual } = chart.forecast;
  out.push("", `Hourly forecast against actual: MAPE ${(mape * 100).toFixed(1)}% over ${mapePoints} hours with at least ${minActual.toFixed(3)} req/s; WAPE ${(wape * 100).toFixed(1)}% over ${compared} hours.`);
}

out.push("", "### Targets swept for both kinds", "", "| policy | target | replica-hours | SLO breach minutes | scale events |", "|---|---:|---:|---:|---:|");
for (const target of TARGETS) {
  for (const policy of [{ ...tracking, target }, { ...predictive, target }] as HorizontalPolicy[]) {
    const result = simulate({ ...base, policy });
    const { replicaHours, sloBreachMinutes, scaleEvents } = result.summary;
    out.push(`| ${policy.kind} | ${target} | ${replicaHours.toFixed(0)} | ${sloBreachMinutes.toFixed(0)} | ${scaleEvents} |`);
  }
}
out.push("", `Total time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
process.stdout.write(`${out.join("\n")}\n`);
