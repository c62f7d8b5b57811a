import { describe, expect, it } from "vitest";
import { scoreAgainstLabel } from "../quality";
import { latencyBucketIndex, LATENCY_BUCKET_UPPER_BOUNDS_MS, scoreBucketIndex } from "../latency-buckets";

describe("scoreAgainstLabel", () => {
  it("matches numbers, strings and booleans", () => {
    expect(scoreAgainstLabel({ prediction: 1, score: null, probabilities: null }, true).correct).toBe(true);
    expect(scoreAgainstLabel({ prediction: "cat", score: null, probabilities: null }, "cat").correct).toBe(true);
    expect(scoreAgainstLabel({ prediction: 0, score: null, probabilities: null }, 1).correct).toBe(false);
  });

  it("uses the score as positive probability", () => {
    const positive = scoreAgainstLabel({ prediction: 1, score: 0.8, probabilities: null }, 1);
    const negative = scoreAgainstLabel({ prediction: 1, score: 0.8, probabilities: null }, 0);
    expect(positive.logLoss).toBeCloseTo(-Math.log(0.8), 12);
    expect(negative.logLoss).toBeCloseTo(-Math.log(0.2), 12);
  });

  it("prefers the label's class probability", () => {
    const result = scoreAgainstLabel({ prediction: "b", score: null, probabilities: { a: 0.3, b: 0.7 } }, "a");
    expect(result.logLoss).toBeCloseTo(-Math.log(0.3), 12);
  });

  it("clips certain wrong answers to a finite loss", () => {
    const result = scoreAgainstLabel({ prediction: 1, score: 1, probabilities: null }, 0);
    expect(Number.isFinite(result.logLoss)).toBe(true);
    expect(result.logLoss).toBeGreaterThan(30);
  });

  it("measures regression error", () => {
    const result = scoreAgainstLabel({ prediction: 2.5, score: null, probabilities: null }, 4);
    expect(result.absError).toBe(1.5);
    expect(result.squaredError).toBe(2.25);
  });
});

describe("latency buckets", () => {
  it("puts each latency under its bound", () => {
    for (const ms of [0, 0.1, 0.25, 0.26, 1, 12.3, 250, 5000, 60_000]) {
      const index = latencyBucketIndex(ms);
      expect(ms).toBeLessThanOrEqual(LATENCY_BUCKET_UPPER_BOUNDS_MS[index]);
      if (index > 0) expect(ms).toBeGreaterThan(LATENCY_BUCKET_UPPER_BOUNDS_MS[index - 1]);
    }
  });

  it("sends huge latencies to overflow", () => {
    expect(latencyBucketIndex(3_600_000)).toBe(LATENCY_BUCKET_UPPER_BOUNDS_MS.length - 1);
  });

  it("puts a score of 1 in the last tenth", () => {
    expect(scoreBucketIndex(1)).toBe(9);
    expect(scoreBucketIndex(0)).toBe(0);
    expect(scoreBucketIndex(0.55)).toBe(5);
  });
});
