import { describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { scalingPolicySchema, type HorizontalPolicy } from "../schema";
import { comparePolicies, simulate, simulateRequest, simulateRequestSchema } from "../simulate";

const START = Date.parse("2026-01-05T00:00:00Z");
const MINUTE = 60_000;

function policy(input: Record<string, unknown>): HorizontalPolicy {
  return scalingPolicySchema.parse(input) as HorizontalPolicy;
}

function columns(values: number[]) {
  return { timestamps: values.map((_, i) => START + i * MINUTE), values };
}

const tracking = policy({ kind: "target_tracking", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 50 });

describe("simulate", () => {
  it("follows HPA rate limits to target", () => {
    const result = simulate({ policy: tracking, series: columns(Array(60).fill(100)), initialReplicas: 2, pricePerReplicaHour: 0.5 });
    expect(result.points.slice(0, 4).map((point) => point.replicas)).toEqual([2, 6, 10, 10]);
    expect(result.points.at(-1)?.replicas).toBe(10);
    expect(result.summary.scaleEvents).toBe(2);
    expect(result.summary.sloBreachMinutes).toBe(2);
    expect(result.summary.replicaHours).toBeCloseTo((2 + 6 + 10 * 58) / 60, 12);
    expect(result.summary.cost).toBeCloseTo(((2 + 6 + 10 * 58) / 60) * 0.5, 12);
  });

  it("waits out the scale-down window", () => {
    const load = [...Array(10).fill(100), ...Array(20).fill(20)];
    const result = simulate({ policy: tracking, series: columns(load), initialReplicas: 10 });
    const replicas = result.points.map((point) => point.replicas);
    // The sample of minute 9 stays in the 300 s window until minute 14, which decides 2 for minute 15.
    expect(replicas.slice(10, 15)).toEqual([10, 10, 10, 10, 10]);
    expect(replicas[15]).toBe(2);
  });

  it("converts load to CPU utilization", () => {
    const cpu = policy({ kind: "target_tracking", metric: "cpu_percent", target: 50, minReplicas: 1, maxReplicas: 20 });
    const result = simulate({ policy: cpu, series: columns(Array(5).fill(40)), initialReplicas: 2, capacityPerReplica: 10 });
    expect(result.points.at(-1)?.replicas).toBe(8);
    expect(result.summary.capacityPerReplica).toBe(10);
  });

  it("requires capacity for CPU metrics", () => {
    const cpu = policy({ kind: "target_tracking", metric: "cpu_percent", target: 50, minReplicas: 1, maxReplicas: 20 });
    expect(() => simulate({ policy: cpu, series: columns([1]), initialReplicas: 1, capacityPerReplica: undefined })).toThrow(KeelError);
  });

  it("rejects latency metrics", () => {
    const latency = policy({ kind: "target_tracking", metric: "latency_p95_ms", target: 200, minReplicas: 1, maxReplicas: 20 });
    try {
      simulate({ policy: latency, series: columns([1]), initialReplicas: 1, capacityPerReplica: 5 });
      expect.unreachable("latency policy replayed");
    } catch (error) {
      expect((error as KeelError).issues[0].path).toBe("policy.metric");
      expect((error as KeelError).issues[0].message).toMatch(/cannot be derived from load/);
    }
  });

  it("applies schedule windows", () => {
    const scheduled = policy({ kind: "scheduled", minReplicas: 1, maxReplicas: 3, windows: [{ name: "morning", start: "10 0 * * *", end: "20 0 * * *", minReplicas: 5, maxReplicas: 5 }] });
    const result = simulate({ policy: scheduled, series: columns(Array(30).fill(1)), initialReplicas: 2, capacityPerReplica: 1 });
    const replicas = result.points.map((point) => point.replicas);
    expect(replicas[10]).toBe(2);
    expect(replicas[11]).toBe(5);
    expect(replicas[20]).toBe(5);
    expect(replicas[21]).toBe(3);
  });

  it("applies steps with cooldown", () => {
    const step = policy({
      kind: "step",
      metric: "requests_per_second_per_replica",
      adjustmentType: "change_in_capacity",
      steps: [{ upper: 5, adjustment: -1 }, { lower: 5, upper: 15, adjustment: 0 }, { lower: 15, adjustment: 2 }],
      cooldownSeconds: 120,
      minReplicas: 1,
      maxReplicas: 10,
    });
    const result = simulate({ policy: step, series: columns(Array(6).fill(100)), initialReplicas: 4, capacityPerReplica: 10 });
    // 25 per replica adds 2 after each 120 s cooldown; 12.5 per replica at 8 replicas is in the step of 0.
    expect(result.points.map((point) => point.replicas)).toEqual([4, 6, 6, 8, 8, 8]);
  });
});

/** Three weeks of minutes with a sharp morning ramp every day: 2 requests per second at night, 60 by day. */
function dailyRamp(): number[] {
  return Array.from({ length: 21 * 24 * 60 }, (_, minute) => {
    const hour = (minute / 60) % 24;
    return hour >= 8 && hour < 20 ? 60 : 2;
  });
}

describe("predictive replay", () => {
  it("scales ahead of a daily ramp", () => {
    const load = dailyRamp();
    const history = columns(load.slice(0, 14 * 24 * 60));
    const replay = { timestamps: columns(load).timestamps.slice(14 * 24 * 60), values: load.slice(14 * 24 * 60) };
    const predictive = policy({ kind: "predictive", mode: "forecast_and_scale", metric: "requests_per_second_per_replica", target: 10, bufferSeconds: 600, minReplicas: 1, maxReplicas: 20 });

    const comparison = comparePolicies(tracking, predictive, { series: replay, history, initialReplicas: 1 });
    expect(comparison.second.summary.sloBreachMinutes).toBeLessThan(comparison.first.summary.sloBreachMinutes);
    expect(comparison.difference.sloBreachMinutes).toBe(comparison.second.summary.sloBreachMinutes - comparison.first.summary.sloBreachMinutes);

    const beforeRamp = comparison.second.points.find((point) => point.timestamp.endsWith("T07:59:00.000Z"));
    expect(beforeRamp?.replicas).toBe(6);
    expect(beforeRamp?.forecast).toBeGreaterThan(0);
  });

  it("leaves replicas alone in forecast-only mode", () => {
    const load = dailyRamp();
    const history = columns(load.slice(0, 14 * 24 * 60));
    const replay = { timestamps: columns(load).timestamps.slice(14 * 24 * 60), values: load.slice(14 * 24 * 60) };
    const forecastOnly = policy({ kind: "predictive", mode: "forecast_only", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 50, bufferSeconds: 600 });

    const comparison = comparePolicies(tracking, forecastOnly, { series: replay, history, initialReplicas: 1 });
    expect(comparison.second.points.map((point) => point.replicas)).toEqual(comparison.first.points.map((point) => point.replicas));
    expect(comparison.second.points.every((point) => point.forecast !== undefined)).toBe(true);
  });
});

describe("simulateRequestSchema", () => {
  const body = {
    policy: { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 5 },
    series: [
      { timestamp: "2026-01-05T00:00:00Z", value: 30 },
      { timestamp: "2026-01-05T00:01:00Z", value: 30 },
    ],
    initialReplicas: 1,
  };

  it("replays a valid body", () => {
    const result = simulateRequest(simulateRequestSchema.parse(body));
    expect(result.points.map((point) => point.replicas)).toEqual([1, 3]);
    expect(result.points[0].timestamp).toBe("2026-01-05T00:00:00.000Z");
  });

  it("rejects unsorted series", () => {
    const result = simulateRequestSchema.safeParse({ ...body, series: [...body.series].reverse() });
    expect(result.error?.issues[0].path).toEqual(["series", 1, "timestamp"]);
  });

  it("rejects vertical policies", () => {
    const result = simulateRequestSchema.safeParse({ ...body, policy: { kind: "vertical", requests: { cpuMillicores: 500, memoryMiB: 512 } } });
    expect(result.error?.issues[0].path).toEqual(["policy", "kind"]);
  });

  it("rejects negative load", () => {
    const result = simulateRequestSchema.safeParse({ ...body, series: [{ timestamp: "2026-01-05T00:00:00Z", value: -1 }] });
    expect(result.error?.issues[0].message).toMatch(/must not be negative/);
  });
});
