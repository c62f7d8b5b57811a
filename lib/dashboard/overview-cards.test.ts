import { describe, expect, it } from "vitest";
import { prepareOverviewCards, type EndpointInfo } from "./overview-cards";
import type { RollupBucketRow } from "./types";

const HOUR = 3_600_000;
const range = { from: 0, to: 3 * HOUR, bucketMs: HOUR };
const BOUNDS = [10, 20, Number.POSITIVE_INFINITY];

function endpoint(id: number, overrides: Partial<EndpointInfo> = {}): EndpointInfo {
  return { id, name: `e${id}`, description: "", modelName: "m", task: "classification", productionVersion: 1, ...overrides };
}

function row(overrides: Partial<RollupBucketRow>): RollupBucketRow {
  return {
    endpointId: 1,
    versionId: 1,
    version: 1,
    mode: "production",
    bucket: 0,
    count: 0,
    latencyBuckets: [0, 0, 0],
    numericCount: 0,
    numericSum: 0,
    numericSumSquares: 0,
    scoreBuckets: [],
    labeledCount: 0,
    correctCount: 0,
    absErrorSum: 0,
    squaredErrorSum: 0,
    logLossCount: 0,
    logLossSum: 0,
    ...overrides,
  };
}

describe("prepareOverviewCards", () => {
  const rows = [
    row({ count: 4, latencyBuckets: [4, 0, 0], numericCount: 4, numericSum: 1, numericSumSquares: 1, labeledCount: 4, correctCount: 3 }),
    row({ versionId: 2, version: 2, count: 4, latencyBuckets: [0, 4, 0], numericCount: 4, numericSum: 3, numericSumSquares: 3 }),
    row({ bucket: 2 * HOUR, count: 2, latencyBuckets: [2, 0, 0] }),
  ];
  const [card] = prepareOverviewCards({ range, endpoints: [endpoint(1)], rows, topClasses: [], latencyBounds: BOUNDS });

  it("adds up versions over the range", () => {
    expect(card.requests).toBe(10);
    // Merged latency histogram [6, 4, 0]: rank 5 of 10 is five sixths into (0, 10].
    expect(card.latencyP50Ms).toBeCloseTo(50 / 6, 12);
  });

  it("reports the positive share of a 0/1 classifier", () => {
    expect(card.predictionRate).toEqual({ kind: "positive-share", value: 0.5 });
  });

  it("reports accuracy over labeled predictions", () => {
    expect(card.quality).toEqual({ kind: "accuracy", value: 0.75, labeled: 4 });
  });

  it("leaves empty buckets as gaps", () => {
    expect(card.points.map((point) => point.requests)).toEqual([8, null, 2]);
    expect(card.points[1].p95).toBeNull();
    expect(card.points[2].quality).toBeNull();
  });

  it("strips the endpoint id", () => {
    expect(card).not.toHaveProperty("id");
    expect(card.name).toBe("e1");
  });
});

describe("prediction rate", () => {
  it("uses the mean for non-binary predictions", () => {
    const rows = [row({ count: 2, numericCount: 2, numericSum: 5, numericSumSquares: 13 })];
    const [card] = prepareOverviewCards({ range, endpoints: [endpoint(1, { task: "regression" })], rows, topClasses: [] });
    expect(card.predictionRate).toEqual({ kind: "mean", value: 2.5 });
  });

  it("uses the top class for string predictions", () => {
    const rows = [row({ count: 5 })];
    const topClasses = [{ endpointId: 1, predictedClass: "late", share: 0.6 }];
    const [card] = prepareOverviewCards({ range, endpoints: [endpoint(1)], rows, topClasses });
    expect(card.predictionRate).toEqual({ kind: "top-class", value: 0.6, className: "late" });
  });

  it("is null without predictions", () => {
    const [card] = prepareOverviewCards({ range, endpoints: [endpoint(1)], rows: [], topClasses: [] });
    expect(card.predictionRate).toBeNull();
    expect(card.requests).toBe(0);
    expect(card.quality).toBeNull();
    expect(card.points.every((point) => point.requests === null)).toBe(true);
  });
});

describe("regression quality", () => {
  it("reports the mean absolute error", () => {
    const rows = [row({ count: 2, numericCount: 2, numericSum: 10, numericSumSquares: 52, labeledCount: 2, absErrorSum: 3 })];
    const [card] = prepareOverviewCards({ range, endpoints: [endpoint(1, { task: "regression" })], rows, topClasses: [] });
    expect(card.quality).toEqual({ kind: "mae", value: 1.5, labeled: 2 });
  });
});
