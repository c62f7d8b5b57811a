import { beforeAll, describe, expect, it } from "vitest";
import { scanFlights } from "@/lib/demo/flights";
import { forecastError, rollingHourlyForecast, WEEKLY_PERIOD_HOURS } from "../forecast";

// The demo's load trace: flights per minute of January to June 2001, summed per hour.
let hourly: Float64Array;

beforeAll(async () => {
  const scan = await scanFlights({ select: () => false });
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
