import { describe, expect, it } from "vitest";
import type { SimulationPoint } from "@/lib/scaling/simulate";
import type { ReplayRun } from "../replay";
import { prepareReplayChart } from "../replay-chart";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function result(points: SimulationPoint[], capacityPerReplica = 0.5) {
  return { points, summary: { replicaHours: 2, sloBreachMinutes: 3, scaleEvents: 1, capacityPerReplica, cost: 4 } };
}

describe("prepareReplayChart", () => {
  it("buckets load, replicas and capacity per policy", () => {
    const points = (replicas: number[]) =>
      replicas.map((count, minute) => ({ timestamp: new Date(minute * MINUTE).toISOString(), load: minute, replicas: count }));
    const run: ReplayRun = {
      from: 0,
      to: 10 * MINUTE,
      loadPoints: 10,
      initialReplicas: 2,
      replays: [
        { policyId: 1, name: "a", kind: "target_tracking", version: 1, result: result(points([2, 2, 2, 2, 2, 4, 4, 4, 4, 4])) },
        { policyId: 2, name: "b", kind: "step", version: 3, result: result(points([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 2) },
      ],
    };
    const chart = prepareReplayChart(run, 2);

    expect(chart.bucketMs).toBe(5 * MINUTE);
    expect(chart.points.map((point) => point.load)).toEqual([2, 7]);
    expect(chart.points.map((point) => point["replicas:0"])).toEqual([2, 4]);
    expect(chart.points.map((point) => point["capacity:0"])).toEqual([1, 2]);
    expect(chart.points.map((point) => point["capacity:1"])).toEqual([2, 2]);
    expect(chart.points[0]).not.toHaveProperty("forecast");
    expect(chart.summaries.map((row) => [row.name, row.version, row.cost])).toEqual([
      ["a", 1, 4],
      ["b", 3, 4],
    ]);
    expect(chart.forecast).toBeNull();
  });

  it("scores the forecast per hour", () => {
    // Actual hourly means 10, 20 and 0.5 against forecasts 12, 15 and 5: the last hour is below 10% of the
    // mean load (10.17), so the MAPE covers (0.2 + 0.25) / 2, and the WAPE (2 + 5 + 4.5) / 30.5.
    const hourly = [
      { load: 10, forecast: 12 },
      { load: 20, forecast: 15 },
      { load: 0.5, forecast: 5 },
    ];
    const points = hourly.flatMap((hour, index) =>
      [0, 30].map((minute) => ({ timestamp: new Date(index * HOUR + minute * MINUTE).toISOString(), load: hour.load, replicas: 3, forecast: hour.forecast })),
    );
    const run: ReplayRun = {
      from: 0,
      to: 3 * HOUR,
      loadPoints: points.length,
      initialReplicas: 3,
      replays: [{ policyId: 1, name: "ahead", kind: "predictive", version: 2, result: result(points) }],
    };
    const chart = prepareReplayChart(run);

    expect(chart.forecast?.policy).toBe("ahead");
    expect(chart.forecast?.mapePoints).toBe(2);
    expect(chart.forecast?.mape).toBeCloseTo(0.225, 10);
    expect(chart.forecast?.wape).toBeCloseTo(11.5 / 30.5, 10);
    expect(chart.points.find((point) => point.t === 0)?.forecast).toBe(12);
  });
});
