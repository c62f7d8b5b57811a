import { describe, expect, it } from "vitest";
import { compareMetrics, formatCheckValue, metricChartPoints, summarizeMetadata, timeLeft } from "../view";

describe("compareMetrics", () => {
  it("pairs metrics by name", () => {
    const rows = compareMetrics({ roc_auc: 0.72, f1: 0.5 }, { roc_auc: 0.7, log_loss: 0.4 });
    expect(rows).toEqual([
      { metric: "f1", candidate: 0.5, production: null, difference: null },
      { metric: "log_loss", candidate: null, production: 0.4, difference: null },
      { metric: "roc_auc", candidate: 0.72, production: 0.7, difference: 0.02 },
    ]);
  });

  it("handles no production", () => {
    expect(compareMetrics({ roc_auc: 0.7 }, null)).toEqual([{ metric: "roc_auc", candidate: 0.7, production: null, difference: null }]);
  });
});

describe("metricChartPoints", () => {
  it("keeps shared metrics only", () => {
    const rows = compareMetrics({ roc_auc: 0.72, f1: 0.5 }, { roc_auc: 0.7 });
    expect(metricChartPoints(rows)).toEqual([{ category: "roc_auc", candidate: 0.72, production: 0.7 }]);
  });
});

describe("timeLeft", () => {
  const now = new Date("2026-12-05T00:00:00Z");

  it("hours and minutes", () => {
    expect(timeLeft(new Date("2026-12-05T02:30:40Z"), now)).toBe("2 h 30 min left");
  });

  it("minutes only", () => {
    expect(timeLeft(new Date("2026-12-05T00:05:00Z"), now)).toBe("5 min left");
  });

  it("expired", () => {
    expect(timeLeft(new Date("2026-12-04T23:59:00Z"), now)).toBe("expired");
  });
});

describe("formatCheckValue", () => {
  it("formats each kind", () => {
    expect(formatCheckValue(null)).toBe("—");
    expect(formatCheckValue(3)).toBe("3");
    expect(formatCheckValue(0.123456)).toBe("0.1235");
    expect(formatCheckValue("")).toBe("—");
    expect(formatCheckValue("distance")).toBe("distance");
  });
});

describe("summarizeMetadata", () => {
  it("shows short scalars whole", () => {
    expect(summarizeMetadata({ framework: "sklearn", epochs: 12, tuned: true, seed: null })).toEqual([
      "framework: sklearn",
      "epochs: 12",
      "tuned: true",
      "seed: null",
    ]);
  });

  it("shortens objects, arrays and long strings", () => {
    const summary = summarizeMetadata({
      model: { weights: [1, 2, 3], bias: 0.5 },
      columns: ["a", "b"],
      notes: "x".repeat(50),
    });

    expect(summary[0]).toBe("model: {2 fields}");
    expect(summary[1]).toBe("columns: [2 items]");
    expect(summary[2]).toBe(`notes: ${"x".repeat(40)}…`);
  });

  it("returns nothing for empty metadata", () => {
    expect(summarizeMetadata({})).toEqual([]);
  });
});
