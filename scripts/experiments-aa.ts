// A/A study of Keel's experiment statistics on the real flights, printed as the Markdown of the "A/A
// study" part of docs/experiments.md.
//
//   npx tsx scripts/experiments-aa.ts [--rows 200000] [--splits 200] [--looks 10]
//
// The script reads `--rows` flights spread evenly over January to June 2001 (as `keel demo --rows N`
// samples them) and splits them `--splits` times into two halves by Keel's assignment hash of the
// flight's row index, with a different experiment seed each time. Both halves come from the same flights,
// so every "significant" difference is a false positive. Each split is analysed on two metrics: the share
// of delayed flights (proportion, the demo's label of delay above 15 minutes) and the delay in minutes
// (mean). Both use the relative lift. They are read once on the final sample, and again at `--looks`
// evenly spaced looks in departure order, as someone checking a running experiment would.

import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { parseArgs } from "node:util";
import { hashSeed, unitPosition } from "../lib/experiments/assign";
import { compare, meanMoments, proportionMoments, srmTest, type CompareOptions, type Moments } from "../lib/experiments/stats";
import { scanFlights } from "../lib/demo/flights";
import { isSampled } from "../lib/demo/sample";
import { isDelayed } from "../lib/demo/train";
import { commandLine, describeMachine, loadAverage } from "./bench/machine";

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    splits: { type: "string", default: "200" },
    looks: { type: "string", default: "10" },
  },
  strict: true,
});

function wholeNumber(name: string, value: string, minimum: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new Error(`--${name}: invalid value "${value}"; use a whole number of at least ${minimum}`);
  return parsed;
}

const rows = wholeNumber("rows", flags.rows, 1000);
const splits = wholeNumber("splits", flags.splits, 10);
const looks = wholeNumber("looks", flags.looks, 1);
const ALPHA = 0.05;

/** Per-arm running sums of both metrics. */
type ArmSums = { n: number; delayed: number; minutes: number; minutesSquared: number };

const emptyArm = (): ArmSums => ({ n: 0, delayed: 0, minutes: 0, minutesSquared: 0 });

type Metric = { name: string; moments: (arm: ArmSums) => Moments };

const METRICS: Metric[] = [
  { name: "delayed share (proportion)", moments: (arm) => proportionMoments({ n: arm.n, conversions: arm.delayed }) },
  { name: "delay minutes (mean)", moments: (arm) => meanMoments({ n: arm.n, sum: arm.minutes, sumSquares: arm.minutesSquared }) },
];

/** A way of reading the experiment, and whether a comparison counts as significant under it. */
type Procedure = { name: string; options: CompareOptions; peeking: boolean };

const PROCEDURES: Procedure[] = [
  { name: "frequentist, once at the end", options: { engine: "frequentist", alpha: ALPHA }, peeking: false },
  { name: `frequentist, at each of ${looks} looks`, options: { engine: "frequentist", alpha: ALPHA }, peeking: true },
  { name: `sequential (tuning 5000), at each of ${looks} looks`, options: { engine: "frequentist", alpha: ALPHA, sequential: { tuning: 5000 } }, peeking: true },
  {
    name: `sequential (tuning = ${rows.toLocaleString("en-US")}), at each of ${looks} looks`,
    options: { engine: "frequentist", alpha: ALPHA, sequential: { tuning: rows } },
    peeking: true,
  },
  { name: "Bayesian, once at the end", options: { engine: "bayesian", alpha: ALPHA }, peeking: false },
  { name: `Bayesian, at each of ${looks} looks`, options: { engine: "bayesian", alpha: ALPHA }, peeking: true },
];

/** Returns whether a comparison is positive: true when its p-value is below alpha, or when the chance to win is outside [alpha/2, 1 − alpha/2]. */
function isPositive(control: Moments, treatment: Moments, options: CompareOptions): boolean {
  const result = compare(control, treatment, options);
  if (result.status !== "ok") return false;
  if (result.pValue !== undefined) return result.pValue < ALPHA;
  return result.chanceToWin! < ALPHA / 2 || result.chanceToWin! > 1 - ALPHA / 2;
}

/** Wilson score interval of a binomial proportion, at 95%. */
function wilson(positives: number, total: number): [number, number] {
  const z = normalQuantile(0.975, 0, 1);
  const rate = positives / total;
  const center = (rate + z ** 2 / (2 * total)) / (1 + z ** 2 / total);
  const half = (z / (1 + z ** 2 / total)) * Math.sqrt((rate * (1 - rate)) / total + z ** 2 / (4 * total ** 2));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

async function main() {
  const started = performance.now();
  console.log(`<!-- ${commandLine()}\n${describeMachine()} -->`);

  const scan = await scanFlights({ select: (rowIndex, _departureMs, totalRows) => isSampled(rowIndex, rows, totalRows) });
  const flights = scan.flights;
  const unitIds = Array.from(flights.rowIndex, (rowIndex) => `flight-${rowIndex}`);
  const lookEnds = Array.from({ length: looks }, (_, index) => Math.round(((index + 1) * flights.length) / looks));

  // positives[metric][procedure] counts splits with at least one positive result.
  const positives = METRICS.map(() => PROCEDURES.map(() => 0));
  let srmMismatches = 0;

  for (let split = 0; split < splits; split++) {
    const seed = hashSeed(`aa-study-${split}`);
    const arms = [emptyArm(), emptyArm()];
    const snapshots: ArmSums[][] = [];

    let lookIndex = 0;
    for (let position = 0; position < flights.length; position++) {
      const arm = arms[unitPosition(seed, unitIds[position]) < 0.5 ? 0 : 1];
      const minutes = flights.delayMinutes[position];
      arm.n += 1;
      arm.delayed += isDelayed(minutes);
      arm.minutes += minutes;
      arm.minutesSquared += minutes * minutes;

      if (position + 1 === lookEnds[lookIndex]) {
        snapshots.push(arms.map((sums) => ({ ...sums })));
        lookIndex += 1;
      }
    }

    if (srmTest([arms[0].n, arms[1].n]).mismatch) srmMismatches += 1;

    METRICS.forEach((metric, metricIndex) => {
      PROCEDURES.forEach((procedure, procedureIndex) => {
        const readings = procedure.peeking ? snapshots : [arms];
        const positive = readings.some(([control, treatment]) => isPositive(metric.moments(control), metric.moments(treatment), procedure.options));
        if (positive) positives[metricIndex][procedureIndex] += 1;
      });
    });
  }

  console.log(
    `\n${flights.length.toLocaleString("en-US")} flights, ${splits} A/A splits, alpha ${ALPHA}, relative lift; ` +
      `looks after every ${percent(1 / looks)} of the flights in departure order.\n`,
  );
  console.log(`| procedure | ${METRICS.map((metric) => `${metric.name}: false positives (95% interval)`).join(" | ")} |`);
  console.log(`|---|${METRICS.map(() => "---:").join("|")}|`);
  PROCEDURES.forEach((procedure, procedureIndex) => {
    const cells = METRICS.map((_, metricIndex) => {
      const count = positives[metricIndex][procedureIndex];
      const [low, high] = wilson(count, splits);
      return `${count}/${splits} = ${percent(count / splits)} (${percent(low)}–${percent(high)})`;
    });
    console.log(`| ${procedure.name} | ${cells.join(" | ")} |`);
  });
  console.log(`\nSample ratio mismatch warnings (p < 0.001): ${srmMismatches}/${splits}.`);
  console.log(`\nRan in ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadAverage()}.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
