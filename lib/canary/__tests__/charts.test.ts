import { describe, expect, it } from "vitest";
import { prepareCanaryCharts } from "../charts";

const HOUR = 3_600_000;
const group = (p95: number | null, labeled: number, metric: number | null) => ({ requests: 10, latencyP50Ms: p95 === null ? null : p95 / 2, latencyP95Ms: p95, labeled, metric });

describe("canary charts", () => {
  it("maps canary to candidate with gaps", () => {
    const charts = prepareCanaryCharts({
      bucket: "hour",
      series: [
        { bucketStart: new Date(0), canary: group(40, 0, null), production: group(30, 0, null) },
        { bucketStart: new Date(2 * HOUR).toISOString(), canary: group(50, 3, 0.6), production: group(20, 5, 0.8) },
      ],
    });

    expect(charts.bucketMs).toBe(HOUR);
    expect(charts.latency).toEqual([
      { t: 0, candidateP50: 20, candidateP95: 40, productionP50: 15, productionP95: 30 },
      { t: HOUR, candidateP50: null, candidateP95: null, productionP50: null, productionP95: null },
      { t: 2 * HOUR, candidateP50: 25, candidateP95: 50, productionP50: 10, productionP95: 20 },
    ]);
    expect(charts.metric).toEqual([
      { t: 0, production: null, candidate: null },
      { t: HOUR, production: null, candidate: null },
      { t: 2 * HOUR, production: 0.8, candidate: 0.6 },
    ]);
  });

  it("has no metric chart without labels", () => {
    const charts = prepareCanaryCharts({ bucket: "day", series: [{ bucketStart: new Date(0), canary: group(40, 0, null), production: group(30, 0, null) }] });

    expect(charts.metric).toBeNull();
    expect(charts.latency).toHaveLength(1);
  });
});
