import { hashUniform } from "./random";

// An invented service model that turns the real flights-per-minute trace into operational metrics. Each
// constant is stated in docs/demo.md, so change both together.

/** Replicas are fixed, so the scaling policies have a constant baseline to improve on. */
export const DEMO_REPLICAS = 4;

/**
 * Requests per second one replica can serve. Chosen so that the busiest minute of the file (103 flights,
 * 1.72 requests per second) puts the 4 replicas at 86% utilisation.
 */
export const REPLICA_CAPACITY_RPS = 0.5;

/** Utilisation is capped below 1 so that the queueing term stays finite. */
export const MAX_UTILISATION = 0.95;

export const IDLE_CPU_PERCENT = 10;
export const BUSY_CPU_PERCENT = 85;
/** CPU noise is uniform in ±3 percentage points, fixed per minute. */
export const CPU_NOISE_PERCENT = 3;

/** Network and serialisation time added to every request, in milliseconds. */
export const FIXED_LATENCY_MS = 30;
/** Mean service time at zero load, in milliseconds. Queueing stretches it by 1 / (1 − utilisation). */
export const SERVICE_TIME_MS = 20;

const NOISE_STREAM_CPU = 1;
const NOISE_STREAM_LATENCY = 2;

/** Returns the modelled utilisation of the replicas at a request rate in requests per second. */
export function utilisation(requestsPerSecond: number, replicas = DEMO_REPLICAS): number {
  return Math.min(MAX_UTILISATION, requestsPerSecond / (replicas * REPLICA_CAPACITY_RPS));
}

function meanQueueingMs(rho: number): number {
  return SERVICE_TIME_MS / (1 - rho);
}

/**
 * Returns one request's latency in milliseconds: the fixed part plus an exponentially distributed
 * service-and-queueing time with mean SERVICE_TIME_MS / (1 − ρ), as for an M/M/1 queue's response time.
 * The draw is fixed by `requestKey`, so a re-run produces the same latency.
 */
export function requestLatencyMs(requestsPerSecond: number, requestKey: number): number {
  const u = hashUniform(requestKey, NOISE_STREAM_LATENCY);
  return FIXED_LATENCY_MS - Math.log(1 - u) * meanQueueingMs(utilisation(requestsPerSecond));
}

/** Returns the 95th percentile of the latency distribution of `requestLatencyMs` at a request rate. */
export function latencyP95Ms(requestsPerSecond: number): number {
  return FIXED_LATENCY_MS + Math.log(20) * meanQueueingMs(utilisation(requestsPerSecond));
}

/** Returns the modelled CPU use in percent for one minute, with noise fixed by `minuteKey`. */
export function cpuPercent(requestsPerSecond: number, minuteKey: number): number {
  const noise = (2 * hashUniform(minuteKey, NOISE_STREAM_CPU) - 1) * CPU_NOISE_PERCENT;
  const value = IDLE_CPU_PERCENT + BUSY_CPU_PERCENT * utilisation(requestsPerSecond) + noise;
  return Math.min(100, Math.max(0, value));
}

export const METRIC_NAMES = ["requests_per_second", "cpu_percent", "latency_p95_ms", "replicas"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Returns the four operational metrics of one minute in which `flights` flights departed. */
export function minuteMetrics(flights: number, minuteKey: number): Record<MetricName, number> {
  const requestsPerSecond = flights / 60;
  return {
    requests_per_second: requestsPerSecond,
    cpu_percent: round(cpuPercent(requestsPerSecond, minuteKey), 2),
    latency_p95_ms: round(latencyP95Ms(requestsPerSecond), 2),
    replicas: DEMO_REPLICAS,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
