import { bucketStarts, chooseBucketMs } from "../dashboard/time-range";
import type { TimePoint } from "../dashboard/types";
import { forecastError, HOUR_MS, type ForecastError } from "../scaling/forecast";
import type { ReplayRun } from "./replay";

export type ReplaySummaryRow = {
  name: string;
  kind: string;
  version: number;
  replicaHours: number;
  sloBreachMinutes: number;
  scaleEvents: number;
  cost: number | null;
  capacityPerReplica: number;
};

export type ReplayChart = {
  bucketMs: number;
  /**
   * `load` (mean requests per second), then per replayed policy i: `replicas:i` (mean replicas) and
   * `capacity:i` (mean replicas × capacity per replica); `forecast` is the predictive forecast, where one ran.
   */
  points: TimePoint[];
  summaries: ReplaySummaryRow[];
  /** Hourly forecast against hourly mean load, for the first predictive policy of the run. */
  forecast: (ForecastError & { policy: string; minActual: number }) | null;
};

/**
 * Hours with a mean load below this share of the range's mean load are left out of the MAPE, because a
 * percentage error near zero load is large for any forecast; the WAPE covers every hour.
 */
export const MAPE_MIN_LOAD_SHARE = 0.1;

type Accumulator = { sum: Float64Array; count: Uint32Array };

function accumulator(size: number): Accumulator {
  return { sum: new Float64Array(size), count: new Uint32Array(size) };
}

function add(target: Accumulator, index: number, value: number): void {
  target.sum[index] += value;
  target.count[index] += 1;
}

function mean(source: Accumulator, index: number): number | null {
  return source.count[index] > 0 ? source.sum[index] / source.count[index] : null;
}

/** Buckets a replay run for one chart (at most `maxPoints` buckets) and computes its summary figures. */
export function prepareReplayChart(run: ReplayRun, maxPoints = 300): ReplayChart {
  const bucketMs = chooseBucketMs(run.to - run.from, maxPoints);
  const range = { from: Math.floor(run.from / bucketMs) * bucketMs, to: run.to, bucketMs };
  const starts = bucketStarts(range);
  const indexOf = (timestampMs: number) => Math.floor((timestampMs - range.from) / bucketMs);

  const load = accumulator(starts.length);
  const forecastBuckets = accumulator(starts.length);
  const replicas = run.replays.map(() => accumulator(starts.length));
  const predictive = run.replays.findIndex((replay) => replay.kind === "predictive");

  run.replays.forEach((replay, policyIndex) => {
    for (const point of replay.result.points) {
      const index = indexOf(Date.parse(point.timestamp));
      if (index < 0 || index >= starts.length) continue;
      if (policyIndex === 0) add(load, index, point.load);
      add(replicas[policyIndex], index, point.replicas);
      if (policyIndex === predictive && point.forecast !== undefined) add(forecastBuckets, index, point.forecast);
    }
  });

  const points: TimePoint[] = starts.map((t, index) => {
    const point: TimePoint = { t, load: mean(load, index) };
    run.replays.forEach((replay, policyIndex) => {
      const replicaMean = mean(replicas[policyIndex], index);
      point[`replicas:${policyIndex}`] = replicaMean;
      point[`capacity:${policyIndex}`] = replicaMean === null ? null : replicaMean * replay.result.summary.capacityPerReplica;
    });
    if (predictive >= 0) point.forecast = mean(forecastBuckets, index);
    return point;
  });

  const summaries = run.replays.map((replay) => ({
    name: replay.name,
    kind: replay.kind,
    version: replay.version,
    replicaHours: replay.result.summary.replicaHours,
    sloBreachMinutes: replay.result.summary.sloBreachMinutes,
    scaleEvents: replay.result.summary.scaleEvents,
    cost: replay.result.summary.cost ?? null,
    capacityPerReplica: replay.result.summary.capacityPerReplica,
  }));

  return { bucketMs, points, summaries, forecast: predictive >= 0 ? hourlyForecastError(run, predictive) : null };
}

/** Compares the hourly mean load with the forecast of the same hour. */
function hourlyForecastError(run: ReplayRun, policyIndex: number): ReplayChart["forecast"] {
  const replay = run.replays[policyIndex];
  const hours = new Map<number, { load: number; count: number; forecast: number }>();
  for (const point of replay.result.points) {
    if (point.forecast === undefined) continue;
    const hour = Math.floor(Date.parse(point.timestamp) / HOUR_MS);
    const entry = hours.get(hour) ?? { load: 0, count: 0, forecast: point.forecast };
    entry.load += point.load;
    entry.count += 1;
    hours.set(hour, entry);
  }
  if (hours.size === 0) return null;

  const entries = [...hours.values()];
  const actual = entries.map((entry) => entry.load / entry.count);
  const forecast = entries.map((entry) => entry.forecast);
  const meanLoad = actual.reduce((sum, value) => sum + value, 0) / actual.length;
  if (!(meanLoad > 0)) return null;

  const minActual = MAPE_MIN_LOAD_SHARE * meanLoad;
  return { ...forecastError(actual, forecast, minActual), policy: replay.name, minActual };
}
