import { describe, expect, it } from "vitest";
import { LATENCY_BUCKET_UPPER_BOUNDS_MS, latencyBucketIndex } from "../ingest/latency-buckets";
import { addCounts, histogramQuantile, mergeHistograms } from "./histogram";

describe("histogramQuantile", () => {
  it("matches the PromQL reference example", () => {
    // Bounds (0, 0.5, 1, +Inf) with cumulative counts (6, 11, 14, 19): the median is 0.35.
    const bounds = [0, 0.5, 1, Number.POSITIVE_INFINITY];
    const counts = [6, 5, 3, 5];

    expect(histogramQuantile(counts, bounds, 0.5)).toBeCloseTo(0.35, 10);
  });

  it("interpolates inside the first bucket from zero", () => {
    expect(histogramQuantile([10, 0], [2, 4], 0.5)).toBe(1);
  });

  it("interpolates linearly inside a bucket", () => {
    // 4 values in (10, 20]: the 3rd of 4 sits three quarters into the bucket.
    expect(histogramQuantile([0, 4], [10, 20], 0.75)).toBe(17.5);
  });

  it("skips empty buckets", () => {
    expect(histogramQuantile([0, 0, 2, 0, 2], [1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(histogramQuantile([0, 0, 2, 0, 2], [1, 2, 3, 4, 5], 0.75)).toBe(4.5);
  });

  it("returns the overflow bucket's lower bound", () => {
    expect(histogramQuantile([1, 9], [100, Number.POSITIVE_INFINITY], 0.95)).toBe(100);
  });

  it("returns null for an empty histogram", () => {
    expect(histogramQuantile([], [1], 0.5)).toBeNull();
    expect(histogramQuantile([0, 0], [1, 2], 0.5)).toBeNull();
  });

  it("handles the extreme quantiles", () => {
    expect(histogramQuantile([0, 3, 1], [1, 2, 3], 0)).toBe(1);
    expect(histogramQuantile([0, 3, 1], [1, 2, 3], 1)).toBe(3);
  });

  it("rejects a quantile outside [0, 1]", () => {
    expect(() => histogramQuantile([1], [1], 1.5)).toThrow(RangeError);
  });

  it("stays within 25% on latency buckets", () => {
    // 1,000 latencies spread evenly over 5..500 ms, binned the way ingest bins them.
    const latencies = Array.from({ length: 1000 }, (_, i) => 5 + (495 * i) / 999);
    const counts = new Array(LATENCY_BUCKET_UPPER_BOUNDS_MS.length).fill(0);
    for (const ms of latencies) counts[latencyBucketIndex(ms)] += 1;

    const p50 = histogramQuantile(counts, LATENCY_BUCKET_UPPER_BOUNDS_MS, 0.5)!;
    const p95 = histogramQuantile(counts, LATENCY_BUCKET_UPPER_BOUNDS_MS, 0.95)!;

    expect(Math.abs(p50 - 252.5) / 252.5).toBeLessThan(0.25);
    expect(Math.abs(p95 - 475.25) / 475.25).toBeLessThan(0.25);
  });
});

describe("mergeHistograms", () => {
  it("sums element by element", () => {
    expect(mergeHistograms([[1, 2, 3], [4, 5, 6]])).toEqual([5, 7, 9]);
  });

  it("pads the shorter histogram with zeros", () => {
    expect(mergeHistograms([[1], [1, 1]])).toEqual([2, 1]);
  });

  it("returns an empty histogram for no input", () => {
    expect(mergeHistograms([])).toEqual([]);
  });

  it("addCounts mutates and returns the target", () => {
    const into = [1, 1];
    expect(addCounts(into, [2, 3])).toBe(into);
    expect(into).toEqual([3, 4]);
  });
});
