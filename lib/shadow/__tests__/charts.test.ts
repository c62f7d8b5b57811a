import { describe, expect, it } from "vitest";
import { MAX_CHART_BUCKETS, prepareShadowCharts } from "../charts";

function bucket(start: string, overrides: Partial<Parameters<typeof prepareShadowCharts>[0]["series"][number]> = {}) {
  return {
    bucketStart: start,
    agreementRate: 0.9,
    candidateLatencyP50Ms: 10,
    candidateLatencyP95Ms: 20,
    productionLatencyP50Ms: 12,
    productionLatencyP95Ms: 25,
    labeled: 0,
    productionMetric: null,
    candidateMetric: null,
    ...overrides,
  };
}

describe("prepareShadowCharts", () => {
  it("fills missing buckets with gaps", () => {
    const charts = prepareShadowCharts({ bucket: "day", series: [bucket("2026-11-01T00:00:00Z"), bucket("2026-11-03T00:00:00Z", { agreementRate: 0.5 })] });

    expect(charts.bucketMs).toBe(86_400_000);
    expect(charts.agreement.map((point) => point.agreement)).toEqual([0.9, null, 0.5]);
    expect(charts.latency[1]).toEqual({ t: Date.parse("2026-11-02T00:00:00Z"), candidateP50: null, candidateP95: null, productionP50: null, productionP95: null });
    expect(charts.latency[0].productionP95).toBe(25);
  });

  it("omits the metric chart without labels", () => {
    expect(prepareShadowCharts({ bucket: "hour", series: [bucket("2026-11-01T00:00:00Z")] }).metric).toBeNull();
  });

  it("draws labeled metrics", () => {
    const charts = prepareShadowCharts({
      bucket: "hour",
      series: [bucket("2026-11-01T00:00:00Z", { labeled: 3, productionMetric: 0.6, candidateMetric: 0.8 }), bucket("2026-11-01T01:00:00Z")],
    });
    expect(charts.metric).toEqual([
      { t: Date.parse("2026-11-01T00:00:00Z"), production: 0.6, candidate: 0.8 },
      { t: Date.parse("2026-11-01T01:00:00Z"), production: null, candidate: null },
    ]);
  });

  it("keeps the newest buckets of a long window", () => {
    const series = [bucket("2026-01-01T00:00:00Z"), bucket("2026-12-01T00:00:00Z")];
    const charts = prepareShadowCharts({ bucket: "hour", series });
    expect(charts.agreement).toHaveLength(MAX_CHART_BUCKETS);
    expect(charts.agreement.at(-1)!.t).toBe(Date.parse("2026-12-01T00:00:00Z"));
  });

  it("returns empty charts without pairs", () => {
    expect(prepareShadowCharts({ bucket: "day", series: [] })).toEqual({ bucketMs: 86_400_000, agreement: [], latency: [], metric: null });
  });
});
