import { describe, expect, it } from "vitest";
import { forecastError, forecastHourly, hourlyMeans, MIN_HISTORY_HOURS, rollingHourlyForecast } from "../forecast";

/** Returns a load with a daily and a weekly cycle, in requests per second. */
function seasonalLoad(hour: number): number {
  const daily = 50 + 30 * Math.sin((2 * Math.PI * hour) / 24);
  const weekend = hour % 168 >= 120 ? 0.6 : 1;
  return daily * weekend;
}

describe("forecastHourly", () => {
  it("follows daily and weekly cycles", () => {
    const history = Array.from({ length: 4 * 168 }, (_, hour) => seasonalLoad(hour));
    const forecast = forecastHourly(history, 48);
    const actual = Array.from({ length: 48 }, (_, offset) => seasonalLoad(4 * 168 + offset));
    expect(forecastError(actual, forecast, 1).mape).toBeLessThan(0.02);
  });

  it("rejects short history", () => {
    expect(() => forecastHourly([1, 2, 3], 24)).toThrow(/at least 336 hours/);
  });

  it("never forecasts below 0", () => {
    const history = Array.from({ length: MIN_HISTORY_HOURS }, (_, hour) => Math.max(0, 100 - hour));
    expect(Math.min(...forecastHourly(history, 24))).toBeGreaterThanOrEqual(0);
  });
});

describe("rollingHourlyForecast", () => {
  it("leaves hours without history as NaN", () => {
    const hourly = Float64Array.from({ length: MIN_HISTORY_HOURS + 30 }, (_, hour) => seasonalLoad(hour));
    const forecast = rollingHourlyForecast(hourly, 24);
    expect(Number.isNaN(forecast[MIN_HISTORY_HOURS - 1])).toBe(true);
    expect(Number.isNaN(forecast[MIN_HISTORY_HOURS])).toBe(false);
    expect(Number.isNaN(forecast[hourly.length - 1])).toBe(false);
  });

  it("ignores the hours it forecasts", () => {
    const hourly = Float64Array.from({ length: MIN_HISTORY_HOURS + 24 }, (_, hour) => seasonalLoad(hour));
    const changed = hourly.slice();
    changed.fill(10_000, MIN_HISTORY_HOURS);
    expect(rollingHourlyForecast(changed, 24)).toEqual(rollingHourlyForecast(hourly, 24));
  });
});

describe("hourlyMeans", () => {
  it("averages per hour with NaN gaps", () => {
    const start = Date.parse("2026-03-01T10:30:00Z");
    const result = hourlyMeans([start, start + 60_000, start + 2 * 3_600_000], [2, 4, 9]);
    expect(result.startMs).toBe(Date.parse("2026-03-01T10:00:00Z"));
    expect(Array.from(result.means)).toEqual([3, Number.NaN, 9]);
  });
});

describe("forecastError", () => {
  it("skips small actuals in MAPE only", () => {
    const error = forecastError([0, 10, 100], [5, 12, 90], 10);
    expect(error.mape).toBeCloseTo((0.2 + 0.1) / 2, 12);
    expect(error.wape).toBeCloseTo(17 / 110, 12);
    expect(error.compared).toBe(3);
    expect(error.mapePoints).toBe(2);
  });

  it("rejects a minActual of 0", () => {
    expect(() => forecastError([1], [1], 0)).toThrow(RangeError);
  });
});
