import { describe, expect, it } from "vitest";
import { columnRows, columnTrend, decisionValue, distributionBars, driftShareTrend, performanceTrend } from "../charts";
import type { PerformanceHistoryPoint } from "../history";
import type { ColumnHistoryPoint } from "../reports";
import type { ColumnResult } from "../types";

function historyPoint(ranAt: string, statistic: number, pValue: number | null, threshold: number): ColumnHistoryPoint {
  return { ranAt, reportId: 1, method: pValue === null ? "wasserstein" : "ks", statistic, pValue, threshold, drifted: false, nullShare: { reference: 0, current: 0 } };
}

function result(column: string, overrides: Partial<ColumnResult> = {}): ColumnResult {
  return {
    column,
    type: "numerical",
    method: "wasserstein",
    statistic: 0.2,
    pValue: null,
    threshold: 0.1,
    drifted: true,
    nullShare: { reference: 0, current: 0.01 },
    unseenCategories: [],
    distribution: { type: "numerical", edges: [0, 1, 2], reference: [1, 1], current: [0, 2] },
    ...overrides,
  };
}

describe("decisionValue", () => {
  it("uses the p-value of a test", () => {
    expect(decisionValue({ statistic: 0.4, pValue: 0.01 })).toBe(0.01);
  });

  it("uses the statistic of a distance", () => {
    expect(decisionValue({ statistic: 0.4, pValue: null })).toBe(0.4);
  });

  it("is null for a statistic stored as null", () => {
    expect(decisionValue({ statistic: null, pValue: null })).toBeNull();
  });
});

describe("columnTrend", () => {
  it("has one point per report with its threshold", () => {
    const points = columnTrend([historyPoint("2026-01-01T00:00:00Z", 0.3, null, 0.1), historyPoint("2026-01-01T01:00:00Z", 0.3, 0.2, 0.05)]);
    expect(points).toEqual([
      { t: Date.parse("2026-01-01T00:00:00Z"), value: 0.3, threshold: 0.1 },
      { t: Date.parse("2026-01-01T01:00:00Z"), value: 0.2, threshold: 0.05 },
    ]);
  });

  it("is empty without history", () => {
    expect(columnTrend(undefined)).toEqual([]);
  });
});

describe("columnRows", () => {
  it("keeps the report's order and attaches trends", () => {
    const rows = columnRows([result("origin"), result("distance", { drifted: false })], {
      distance: [historyPoint("2026-01-01T00:00:00Z", 0.05, null, 0.1)],
    });
    expect(rows.map((row) => row.column)).toEqual(["origin", "distance"]);
    expect(rows[0].trend).toEqual([]);
    expect(rows[1].trend).toHaveLength(1);
  });

  it("names what the threshold applies to", () => {
    const [test, distance] = columnRows([result("a", { method: "ks", pValue: 0.3 }), result("b")], {});
    expect(test.decidedBy).toBe("p-value");
    expect(distance.decidedBy).toBe("statistic");
  });

  it("reads a stored null statistic as null", () => {
    const [row] = columnRows([result("a", { statistic: null as unknown as number, pValue: 0 })], {});
    expect(row.statistic).toBeNull();
  });
});

describe("distributionBars", () => {
  it("normalises each side to shares", () => {
    const bars = distributionBars({ type: "categorical", categories: ["ORD", "ATL", "(other)"], reference: [600, 300, 100], current: [5, 10, 5] });
    expect(bars).toEqual([
      { category: "ORD", reference: 0.6, current: 0.25 },
      { category: "ATL", reference: 0.3, current: 0.5 },
      { category: "(other)", reference: 0.1, current: 0.25 },
    ]);
  });

  it("labels numerical bins by their edges", () => {
    const bars = distributionBars({ type: "numerical", edges: [0, 250, 500], reference: [3, 1], current: [1, 1] });
    expect(bars.map((bar) => bar.category)).toEqual(["0–250", "250–500"]);
    expect(bars[0].reference).toBe(0.75);
    expect(bars[1].current).toBe(0.5);
  });

  it("gives null shares to an empty side", () => {
    const bars = distributionBars({ type: "numerical", edges: [0, 1], reference: [0], current: [4] });
    expect(bars[0].reference).toBeNull();
    expect(bars[0].current).toBe(1);
  });
});

describe("driftShareTrend", () => {
  const dataset = { drifted: true, driftedShare: 0.6, threshold: 0.5 };

  it("orders reports oldest first", () => {
    const points = driftShareTrend([
      { ranAt: new Date("2026-01-02T00:00:00Z"), status: "drift", dataset },
      { ranAt: "2026-01-01T00:00:00Z", status: "no_drift", dataset: { ...dataset, driftedShare: 0.2 } },
    ]);
    expect(points).toEqual([
      { t: Date.parse("2026-01-01T00:00:00Z"), share: 0.2, threshold: 0.5 },
      { t: Date.parse("2026-01-02T00:00:00Z"), share: 0.6, threshold: 0.5 },
    ]);
  });

  it("leaves gaps for failed and empty runs", () => {
    const points = driftShareTrend([
      { ranAt: "2026-01-01T00:00:00Z", status: "failed", dataset: { ...dataset, driftedShare: 0 } },
      { ranAt: "2026-01-02T00:00:00Z", status: "no_data", dataset: { ...dataset, driftedShare: 0 } },
    ]);
    expect(points.map((point) => point.share)).toEqual([null, null]);
  });
});

describe("performanceTrend", () => {
  function point(ranAt: string, task: "classification" | "regression", versions: [number, Record<string, number | null>][]): PerformanceHistoryPoint {
    return {
      reportId: 1,
      ranAt,
      performance: { task, sampled: false, versions: versions.map(([version, metrics]) => ({ version, labeled: 10, metrics })) },
    };
  }

  it("charts accuracy per version for classification", () => {
    const trend = performanceTrend([
      point("2026-01-01T00:00:00Z", "classification", [[1, { accuracy: 0.8 }]]),
      point("2026-01-02T00:00:00Z", "classification", [
        [1, { accuracy: 0.7 }],
        [2, { accuracy: 0.9 }],
      ]),
    ]);
    expect(trend?.metric).toBe("accuracy");
    expect(trend?.versions).toEqual([1, 2]);
    expect(trend?.points).toEqual([
      { t: Date.parse("2026-01-01T00:00:00Z"), v1: 0.8, v2: null },
      { t: Date.parse("2026-01-02T00:00:00Z"), v1: 0.7, v2: 0.9 },
    ]);
  });

  it("charts MAE for regression", () => {
    const trend = performanceTrend([point("2026-01-01T00:00:00Z", "regression", [[3, { mae: 1.5, rmse: 2 }]])]);
    expect(trend?.metric).toBe("mae");
    expect(trend?.points[0].v3).toBe(1.5);
  });

  it("is null without any value", () => {
    expect(performanceTrend([])).toBeNull();
    expect(performanceTrend([point("2026-01-01T00:00:00Z", "classification", [[1, { accuracy: null }]])])).toBeNull();
  });
});
