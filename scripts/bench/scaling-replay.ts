// Times replays of 30 days of the flights trace at one-minute resolution (43,200 evaluations) for each
// horizontal policy kind, against a reference loop over the same series that only divides, rounds and
// builds the same output points. Run from the repository root:
//
//   npx tsx scripts/bench/scaling-replay.ts [runs]
//
// The load is the demo's: flights per minute of the vega-datasets file divided by 60, in requests per
// second, from 2001-02-05 (a Monday) for 30 days. The predictive replay also gets the 28 days before as
// history for its forecast. Each timing is the best of `runs` (default 5) after one warm-up run, since other
// processes on the machine only ever make a run slower. The request parse times simulateRequestSchema on
// the JSON body that POST /api/v1/scaling/simulate would receive.

import { scanFlights } from "../../lib/demo/flights";
import { FIT_HISTORY_HOURS, forecastHourly } from "../../lib/scaling/forecast";
import { scalingPolicySchema, type HorizontalPolicy } from "../../lib/scaling/schema";
import { simulate, simulateRequestSchema, type LoadColumns, type SimulationPoint } from "../../lib/scaling/simulate";
import { commandLine, describeMachine, loadAverage } from "./machine";

const runs = Number(process.argv[2] ?? 5);
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** A replay of 43,200 points must stay well under this, in milliseconds. */
const TARGET_MS = 1_000;

function bestMilliseconds(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The reference: one pass that turns load into replicas with no policy state, and builds the same points. */
function referenceLoop(series: LoadColumns, target: number): SimulationPoint[] {
  const points: SimulationPoint[] = new Array(series.timestamps.length);
  for (let i = 0; i < series.timestamps.length; i++) {
    const load = series.values[i];
    points[i] = { timestamp: new Date(series.timestamps[i]).toISOString(), load, replicas: Math.max(1, Math.ceil(load / target)) };
  }
  return points;
}

function slice(counts: Uint16Array, firstMinuteMs: number, fromMinute: number, minutes: number): LoadColumns {
  const timestamps = new Float64Array(minutes);
  const values = new Float64Array(minutes);
  for (let i = 0; i < minutes; i++) {
    timestamps[i] = firstMinuteMs + (fromMinute + i) * MINUTE_MS;
    values[i] = counts[fromMinute + i] / 60;
  }
  return { timestamps, values };
}

const scan = await scanFlights({ select: () => false });
const { counts, firstMinuteMs } = scan.minuteCounts;
const replayStart = Math.round((Date.parse("2001-02-05T00:00:00Z") - firstMinuteMs) / MINUTE_MS);
const series = slice(counts, firstMinuteMs, replayStart, 30 * DAY_MINUTES);
const history = slice(counts, firstMinuteMs, replayStart - 28 * DAY_MINUTES, 28 * DAY_MINUTES);

const target = 0.25;
const policies: Record<string, HorizontalPolicy> = {
  target_tracking: scalingPolicySchema.parse({ kind: "target_tracking", metric: "requests_per_second_per_replica", target, minReplicas: 1, maxReplicas: 20 }) as HorizontalPolicy,
  step: scalingPolicySchema.parse({
    kind: "step",
    metric: "requests_per_second_per_replica",
    adjustmentType: "change_in_capacity",
    steps: [{ upper: 0.15, adjustment: -1 }, { lower: 0.15, upper: 0.3, adjustment: 0 }, { lower: 0.3, adjustment: 2 }],
    cooldownSeconds: 180,
    minReplicas: 1,
    maxReplicas: 20,
  }) as HorizontalPolicy,
  scheduled: scalingPolicySchema.parse({
    kind: "scheduled",
    timezone: "UTC",
    minReplicas: 1,
    maxReplicas: 2,
    windows: [{ name: "day", start: "0 6 * * *", end: "0 22 * * *", minReplicas: 6, maxReplicas: 8 }],
  }) as HorizontalPolicy,
  predictive: scalingPolicySchema.parse({ kind: "predictive", mode: "forecast_and_scale", metric: "requests_per_second_per_replica", target, minReplicas: 1, maxReplicas: 20 }) as HorizontalPolicy,
};

console.log(describeMachine());
console.log(`command: ${commandLine()}`);
console.log(`series: ${series.timestamps.length} points from ${new Date(series.timestamps[0]).toISOString()}`);

const referenceMs = bestMilliseconds(() => referenceLoop(series, target));
console.log(`reference loop: ${referenceMs.toFixed(1)} ms`);

for (const [name, policy] of Object.entries(policies)) {
  const input = { policy, series, initialReplicas: 4, capacityPerReplica: 0.5, ...(policy.kind === "predictive" ? { history } : {}) };
  const replayMs = bestMilliseconds(() => simulate(input));
  const summary = simulate(input).summary;
  const verdict = replayMs < TARGET_MS ? "under" : "OVER";
  console.log(
    `${name}: ${replayMs.toFixed(1)} ms, ${(replayMs / referenceMs).toFixed(1)} × reference, ${verdict} ${TARGET_MS} ms; ` +
      `replica-hours ${summary.replicaHours.toFixed(0)}, SLO breach minutes ${summary.sloBreachMinutes}, scale events ${summary.scaleEvents}`,
  );
}

// The predictive replay refits its forecast once per 24 hours of the series; this is one such fit.
const fitHistory = Array.from({ length: FIT_HISTORY_HOURS }, (_, hour) => {
  let sum = 0;
  for (let minute = 0; minute < 60; minute++) sum += history.values[hour * 60 + minute];
  return sum / 60;
});
const fitMs = bestMilliseconds(() => forecastHourly(fitHistory, 24));
console.log(`one forecast fit (${FIT_HISTORY_HOURS} hours of history, 24 forecast): ${fitMs.toFixed(1)} ms`);

const body = {
  policy: { kind: "target_tracking", metric: "requests_per_second_per_replica", target, minReplicas: 1, maxReplicas: 20 },
  series: Array.from(series.timestamps, (timestamp, i) => ({ timestamp: new Date(timestamp).toISOString(), value: series.values[i] })),
  initialReplicas: 4,
};
const json = JSON.stringify(body);
const parseMs = bestMilliseconds(() => simulateRequestSchema.parse(JSON.parse(json)));
console.log(`request parse (JSON.parse + zod) of ${(json.length / 1e6).toFixed(1)} MB: ${parseMs.toFixed(1)} ms`);
console.log(`load average (1 / 5 / 15 min) at end: ${loadAverage()}`);
