import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { initSync, MSTL } from "@bsull/augurs/mstl";

// Load forecasts with MSTL (multiple seasonal-trend decomposition by Loess, Bandara, Hyndman and Bergmeir
// 2021) and an AutoETS trend, from the augurs library (@bsull/augurs 0.10). The load is summed into hourly
// buckets, and the seasonal periods are one day (24) and one week (168 hours).

export const HOUR_MS = 3_600_000;
export const DAILY_PERIOD_HOURS = 24;
export const WEEKLY_PERIOD_HOURS = 168;
/** Hours of history a fit uses: four weeks, so that MSTL sees the weekly cycle several times. */
export const FIT_HISTORY_HOURS = 4 * WEEKLY_PERIOD_HOURS;
/** Fewest hours of history for a forecast: two weekly cycles, the least MSTL needs to estimate one. */
export const MIN_HISTORY_HOURS = 2 * WEEKLY_PERIOD_HOURS;

const WASM_FILE = "mstl_bg.wasm";
let initialized = false;

function augursWasmPath(): string {
  const resolved: unknown = createRequire(import.meta.url).resolve("@bsull/augurs/mstl");
  if (typeof resolved === "string") return path.join(path.dirname(resolved), WASM_FILE);

  // Next.js bundles this module and turns require.resolve into a module id, so the package is looked up from
  // the working directory instead, which is the app's root under `next start`.
  for (let directory = process.cwd(); ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, "node_modules", "@bsull", "augurs", WASM_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(directory) === directory) throw new Error(`${WASM_FILE} of @bsull/augurs not found above ${process.cwd()}`);
  }
}

function ensureWasm(): void {
  if (initialized) return;

  // The package's own loader fetches the .wasm file by URL, which Node cannot do for file: URLs, so the bytes
  // are read from beside its JavaScript module.
  initSync({ module: readFileSync(augursWasmPath()) });
  initialized = true;
}

/**
 * Forecasts the next `horizon` hourly values of `history` (oldest first), with daily and weekly seasonality.
 * Negative forecasts are raised to 0, because load cannot be negative.
 */
export function forecastHourly(history: ArrayLike<number>, horizon: number): number[] {
  if (history.length < MIN_HISTORY_HOURS) {
    throw new RangeError(`forecast needs at least ${MIN_HISTORY_HOURS} hours of history, got ${history.length}`);
  }
  ensureWasm();

  const model = MSTL.ets([DAILY_PERIOD_HOURS, WEEKLY_PERIOD_HOURS]);
  try {
    model.fit(Float64Array.from(history));
    return model.predict(horizon).point.map((value) => Math.max(0, value));
  } finally {
    model.free();
  }
}

/** Hourly means of a series, starting at the hour that contains the first point; empty hours are NaN. */
export function hourlyMeans(timestamps: ArrayLike<number>, values: ArrayLike<number>): { startMs: number; means: Float64Array } {
  if (timestamps.length === 0) return { startMs: 0, means: new Float64Array(0) };

  const startMs = Math.floor(timestamps[0] / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((timestamps[timestamps.length - 1] - startMs) / HOUR_MS) + 1;
  const sums = new Float64Array(hours);
  const counts = new Uint32Array(hours);
  for (let i = 0; i < timestamps.length; i++) {
    const hour = Math.floor((timestamps[i] - startMs) / HOUR_MS);
    sums[hour] += values[i];
    counts[hour] += 1;
  }

  const means = new Float64Array(hours);
  for (let hour = 0; hour < hours; hour++) means[hour] = counts[hour] === 0 ? Number.NaN : sums[hour] / counts[hour];
  return { startMs, means };
}

/** Replaces each NaN with the last value before it, or with 0 at the start. */
function fillGaps(values: Float64Array): Float64Array {
  const filled = new Float64Array(values.length);
  let last = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) last = values[i];
    filled[i] = last;
  }
  return filled;
}

/**
 * Returns a rolling-origin forecast of the hourly mean load: every `horizonHours` from `fromHour` on, a model
 * is fitted on the hours before that origin and forecasts the next `horizonHours`. Hours before `fromHour`
 * or without enough history are NaN. The forecast for an hour never uses that hour or any later one.
 */
export function rollingHourlyForecast(hourly: Float64Array, horizonHours: number, fromHour = 0): Float64Array {
  const filled = fillGaps(hourly);
  const forecast = new Float64Array(hourly.length).fill(Number.NaN);
  for (let origin = Math.max(MIN_HISTORY_HOURS, fromHour); origin < hourly.length; origin += horizonHours) {
    const history = filled.subarray(Math.max(0, origin - FIT_HISTORY_HOURS), origin);
    const horizon = Math.min(horizonHours, hourly.length - origin);
    forecastHourly(history, horizon).forEach((value, offset) => {
      forecast[origin + offset] = value;
    });
  }
  return forecast;
}

export type ForecastError = {
  /** Mean absolute percentage error over the points whose actual value is at least `minActual`, as a fraction. */
  mape: number;
  /** Sum of absolute errors over the sum of actual values, over every compared point, as a fraction. */
  wape: number;
  /** Points with both an actual value and a forecast. */
  compared: number;
  /** Points that entered the MAPE. */
  mapePoints: number;
};

/**
 * Compares a forecast with the actual values. MAPE is undefined at an actual value of 0 and unstable near it,
 * so it skips actual values below `minActual` (which must be above 0); WAPE covers every point.
 */
export function forecastError(actual: ArrayLike<number>, forecast: ArrayLike<number>, minActual: number): ForecastError {
  if (!(minActual > 0)) throw new RangeError(`minActual must be above 0, got ${minActual}`);

  let percentSum = 0;
  let mapePoints = 0;
  let absoluteSum = 0;
  let actualSum = 0;
  let compared = 0;
  for (let i = 0; i < Math.min(actual.length, forecast.length); i++) {
    if (Number.isNaN(actual[i]) || Number.isNaN(forecast[i])) continue;

    const error = Math.abs(forecast[i] - actual[i]);
    compared += 1;
    absoluteSum += error;
    actualSum += actual[i];
    if (actual[i] >= minActual) {
      percentSum += error / actual[i];
      mapePoints += 1;
    }
  }
  return {
    mape: mapePoints === 0 ? Number.NaN : percentSum / mapePoints,
    wape: actualSum === 0 ? Number.NaN : absoluteSum / actualSum,
    compared,
    mapePoints,
  };
}
