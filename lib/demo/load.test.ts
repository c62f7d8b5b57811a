import { describe, expect, it } from "vitest";
import { quantileOfSorted } from "./profile";
import { cpuPercent, DEMO_REPLICAS, latencyP95Ms, MAX_UTILISATION, minuteMetrics, requestLatencyMs, utilisation } from "./load";

describe("utilisation", () => {
  it("grows with load and is capped", () => {
    expect(utilisation(0)).toBe(0);
    expect(utilisation(1)).toBeCloseTo(0.5, 12);
    expect(utilisation(100)).toBe(MAX_UTILISATION);
  });

  it("puts the busiest minute of the file below the cap", () => {
    expect(utilisation(103 / 60)).toBeCloseTo(0.858, 3);
  });
});

describe("requestLatencyMs", () => {
  it("has the 95th percentile that latencyP95Ms states", () => {
    for (const rps of [0, 0.5, 1.5]) {
      const draws = Float64Array.from({ length: 20_000 }, (_, key) => requestLatencyMs(rps, key)).sort();
      const empirical = quantileOfSorted(draws, 0.95);
      expect(Math.abs(empirical - latencyP95Ms(rps)) / latencyP95Ms(rps)).toBeLessThan(0.05);
    }
  });

  it("is the same for the same request", () => {
    expect(requestLatencyMs(0.7, 12345)).toBe(requestLatencyMs(0.7, 12345));
  });

  it("rises with load", () => {
    expect(latencyP95Ms(1.5)).toBeGreaterThan(2 * latencyP95Ms(0));
  });
});

describe("cpuPercent", () => {
  it("stays within 0 to 100", () => {
    for (let minute = 0; minute < 1000; minute++) {
      const value = cpuPercent((minute % 120) / 60, minute);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
  });

  it("stays within the noise band of the idle level at zero load", () => {
    for (let minute = 0; minute < 200; minute++) expect(Math.abs(cpuPercent(0, minute) - 10)).toBeLessThanOrEqual(3);
  });
});

describe("minuteMetrics", () => {
  it("turns flights per minute into requests per second", () => {
    const metrics = minuteMetrics(30, 7);
    expect(metrics.requests_per_second).toBe(0.5);
    expect(metrics.replicas).toBe(DEMO_REPLICAS);
    expect(metrics.latency_p95_ms).toBeCloseTo(latencyP95Ms(0.5), 2);
  });
});
