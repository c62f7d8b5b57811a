import { beforeAll, describe, expect, it } from "vitest";
import { MINUTE_MS, scanFlights, type MinuteCounts } from "@/lib/demo/flights";
import { REPLICA_CAPACITY_RPS } from "@/lib/demo/load";
import { forecastError, rollingHourlyForecast, WEEKLY_PERIOD_HOURS } from "../forecast";
import { scalingPolicySchema, type HorizontalPolicy } from "../schema";
import { comparePolicies, type LoadColumns } from "../simulate";

// The demo's load trace: flights per minute of January to June 2001, summed per hour.
let hourly: Float64Array;
let minuteCounts: MinuteCounts;

beforeAll(async () => {
  const scan = await scanFlights({ select: () => false });
  minuteCounts = scan.minuteCounts;
  const counts = scan.minuteCounts.counts;
  hourly = new Float64Array(Math.floor(counts.length / 60));
  for (let hour = 0; hour < hourly.length; hour++) {
    let sum = 0;
    for (let minute = 0; minute < 60; minute++) sum += counts[hour * 60 + minute];
    hourly[hour] = sum;
  }
}, 60_000);

/** Flights per hour below which MAPE skips an hour: the night hours, with a handful of flights each. */
const MIN_ACTUAL = 100;

describe("forecast on flights trace", () => {
  it("MAPE 4.96% at 24 h horizon, beating same-hour-last-week", () => {
    const forecast = rollingHourlyForecast(hourly, 24);
    const naive = new Float64Array(hourly.length).fill(Number.NaN);
    for (let hour = 0; hour < hourly.length; hour++) {
      if (!Number.isNaN(forecast[hour])) naive[hour] = hourly[hour - WEEKLY_PERIOD_HOURS];
    }

    const model = forecastError(hourly, forecast, MIN_ACTUAL);
    const baseline = forecastError(hourly, naive, MIN_ACTUAL);
    console.log(`flights forecast: MAPE ${(model.mape * 100).toFixed(2)}% over ${model.mapePoints} hours, WAPE ${(model.wape * 100).toFixed(2)}%; seasonal naive MAPE ${(baseline.mape * 100).toFixed(2)}%, WAPE ${(baseline.wape * 100).toFixed(2)}%`);

    expect(model.compared).toBe(baseline.compared);
    expect(model.compared).toBeGreaterThan(24 * 150);
    expect(model.mape).toBeLessThan(0.06);
    expect(model.mape).toBeLessThan(baseline.mape);
    expect(model.wape).toBeLessThan(baseline.wape);
  }, 120_000);
});

/** Requests per second from `minutes` minutes of the trace starting at `fromMinute`. */
function requestRates(fromMinute: number, minutes: number): LoadColumns {
  return {
    timestamps: Float64Array.from({ length: minutes }, (_, i) => minuteCounts.firstMinuteMs + (fromMinute + i) * MINUTE_MS),
    values: Float64Array.from({ length: minutes }, (_, i) => minuteCounts.counts[fromMinute + i] / 60),
  };
}

describe("predictive against target tracking on flights trace", () => {
  // 30 days from Monday 2001-02-05, with the 28 days before as forecast history, at the demo's capacity of
  // 0.5 requests per second per replica and a target of half of it.
  it("cuts breaches 12 to 1 minutes at similar replica-hours", () => {
    const start = Math.round((Date.parse("2001-02-05T00:00:00Z") - minuteCounts.firstMinuteMs) / MINUTE_MS);
    const day = 24 * 60;
    const bounds = { metric: "requests_per_second_per_replica", target: 0.25, minReplicas: 1, maxReplicas: 20 };
    const tracking = scalingPolicySchema.parse({ kind: "target_tracking", ...bounds }) as HorizontalPolicy;
    const predictive = scalingPolicySchema.parse({ kind: "predictive", mode: "forecast_and_scale", bufferSeconds: 300, ...bounds }) as HorizontalPolicy;

    const comparison = comparePolicies(tracking, predictive, {
      series: requestRates(start, 30 * day),
      history: requestRates(start - 28 * day, 28 * day),
      initialReplicas: 4,
      capacityPerReplica: REPLICA_CAPACITY_RPS,
    });
    const { first, second } = comparison;
    console.log(
      `flights replay: target tracking ${first.summary.replicaHours.toFixed(0)} replica-hours, ${first.summary.sloBreachMinutes} breach minutes; ` +
        `predictive ${second.summary.replicaHours.toFixed(0)} replica-hours, ${second.summary.sloBreachMinutes} breach minutes`,
    );

    expect(first.summary.sloBreachMinutes).toBe(12);
    expect(second.summary.sloBreachMinutes).toBe(1);
    expect(Math.abs(comparison.difference.replicaHours) / first.summary.replicaHours).toBeLessThan(0.01);
  }, 60_000);
});
