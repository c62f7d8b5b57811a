import { describe, expect, it } from "vitest";
import { prepareEndpointCharts } from "./endpoint-charts";
import { OTHER_CLASSES } from "./distributions";
import type { ClassBucketRow, RollupBucketRow } from "./types";

const MINUTE = 60_000;
const range = { from: 0, to: 4 * 5 * MINUTE, bucketMs: 5 * MINUTE };
const BOUNDS = [10, 20, 40, Number.POSITIVE_INFINITY];

function row(overrides: Partial<RollupBucketRow>): RollupBucketRow {
  return {
    endpointId: 1,
    versionId: 11,
    version: 1,
    mode: "production",
    bucket: 0,
    count: 0,
    latencyBuckets: [0, 0, 0, 0],
    numericCount: 0,
    numericSum: 0,
    numericSumSquares: 0,
    scoreBuckets: new Array(10).fill(0),
    labeledCount: 0,
    correctCount: 0,
    absErrorSum: 0,
    squaredErrorSum: 0,
    logLossCount: 0,
    logLossSum: 0,
    ...overrides,
  };
}

function classRow(overrides: Partial<ClassBucketRow>): ClassBucketRow {
  return { versionId: 11, version: 1, mode: "production", bucket: 0, predictedClass: "a", count: 1, ...overrides };
}

describe("prepareEndpointCharts", () => {
  const rows = [
    row({ bucket: 0, count: 4, latencyBuckets: [0, 4, 0, 0], numericCount: 4, numericSum: 1, labeledCount: 2, correctCount: 1 }),
    row({ bucket: 10 * MINUTE, count: 2, latencyBuckets: [2, 0, 0, 0], numericCount: 2, numericSum: 2 }),
    row({ versionId: 12, version: 2, mode: "shadow", bucket: 5 * MINUTE, count: 3 }),
  ];
  const charts = prepareEndpointCharts({ range, task: "classification", rows, classRows: [], latencyBounds: BOUNDS });

  it("orders production series before shadow", () => {
    expect(charts.series.map((series) => series.key)).toEqual(["v1", "v2-shadow"]);
    expect(charts.series[1].label).toBe("v2 (shadow)");
  });

  it("makes a missing bucket a gap", () => {
    expect(charts.traffic.map((point) => point.t)).toEqual([0, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE]);
    expect(charts.traffic.map((point) => point.v1)).toEqual([4, null, 2, null]);
    expect(charts.traffic.map((point) => point["v2-shadow"])).toEqual([null, 3, null, null]);
  });

  it("computes latency quantiles per bucket", () => {
    expect(charts.latency[0]["v1:p50"]).toBe(15);
    expect(charts.latency[0]["v1:p95"]).toBe(19.5);
    expect(charts.latency[2]["v1:p50"]).toBe(5);
    expect(charts.latency[1]["v1:p50"]).toBeNull();
  });

  it("leaves latency a gap without latency counts", () => {
    expect(charts.latency[1]["v2-shadow:p50"]).toBeNull();
  });

  it("computes the mean prediction", () => {
    expect(charts.meanPrediction!.map((point) => point.v1)).toEqual([0.25, null, 1, null]);
  });

  it("computes accuracy only where labels exist", () => {
    expect(charts.accuracy!.map((point) => point.v1)).toEqual([0.5, null, null, null]);
    expect(charts.mae).toBeNull();
    expect(charts.logLoss).toBeNull();
  });

  it("summarises each series over the range", () => {
    const [v1] = charts.summaries;
    expect(v1.requests).toBe(6);
    expect(v1.meanPrediction).toBe(0.5);
    expect(v1.accuracy).toBe(0.5);
    expect(v1.labeled).toBe(2);
    // Merged latency histogram [2, 4, 0, 0]: rank 3 of 6 is a quarter into (10, 20].
    expect(v1.latencyP50Ms).toBe(12.5);
  });

  it("returns no distributions without scores or classes", () => {
    expect(charts.scoreHistogram).toBeNull();
    expect(charts.classShares).toBeNull();
    expect(charts.classTotals).toBeNull();
  });
});

describe("prepareEndpointCharts for regression", () => {
  const rows = [row({ count: 2, numericCount: 2, numericSum: 30, labeledCount: 2, absErrorSum: 6, squaredErrorSum: 20 })];
  const charts = prepareEndpointCharts({ range, task: "regression", rows, classRows: [], latencyBounds: BOUNDS });

  it("draws MAE and RMSE instead of accuracy", () => {
    expect(charts.accuracy).toBeNull();
    expect(charts.mae![0].v1).toBe(3);
    expect(charts.rmse![0].v1).toBeCloseTo(Math.sqrt(10), 12);
    expect(charts.rmse![1].v1).toBeNull();
  });
});

describe("score histogram", () => {
  it("returns shares per tenth for each series", () => {
    const scores = [2, 0, 0, 0, 0, 0, 0, 0, 0, 6];
    const rows = [row({ count: 8, scoreBuckets: scores }), row({ bucket: 5 * MINUTE, count: 0 })];
    const charts = prepareEndpointCharts({ range, task: "classification", rows, classRows: [], latencyBounds: BOUNDS });

    expect(charts.scoreHistogram).toHaveLength(10);
    expect(charts.scoreHistogram![0]).toEqual({ category: "0.0–0.1", v1: 0.25 });
    expect(charts.scoreHistogram![9]).toEqual({ category: "0.9–1.0", v1: 0.75 });
  });
});

describe("class shares", () => {
  const rows = [row({ count: 4 }), row({ bucket: 10 * MINUTE, count: 1 }), row({ version: 2, versionId: 12, mode: "shadow", count: 2 })];
  const classRows = [
    classRow({ predictedClass: "late", count: 3 }),
    classRow({ predictedClass: null, count: 1 }),
    classRow({ predictedClass: "on-time", bucket: 10 * MINUTE, count: 1 }),
    classRow({ version: 2, versionId: 12, mode: "shadow", predictedClass: "on-time", count: 3 }),
  ];
  const charts = prepareEndpointCharts({ range, task: "classification", rows, classRows, latencyBounds: BOUNDS });

  it("orders classes by count with the catch-all last", () => {
    expect(charts.classShares!.classes).toEqual(["late", "on-time", OTHER_CLASSES]);
  });

  it("computes production shares per bucket with gaps", () => {
    const [first, second, third] = charts.classShares!.points;
    expect(first).toEqual({ t: 0, late: 0.75, "on-time": 0, [OTHER_CLASSES]: 0.25 });
    expect(second.late).toBeNull();
    expect(third["on-time"]).toBe(1);
  });

  it("computes whole-range shares per series", () => {
    const totals = charts.classTotals!;
    expect(totals.map((point) => point.category)).toEqual(["on-time", "late", OTHER_CLASSES]);
    expect(totals[0]).toEqual({ category: "on-time", v1: 0.2, "v2-shadow": 1 });
    expect(totals[1]).toEqual({ category: "late", v1: 0.6, "v2-shadow": 0 });
  });
});
