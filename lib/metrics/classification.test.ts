import { describe, expect, it } from "vitest";
import { accuracy, logLoss, positiveRate, rocAuc } from "./classification";

describe("rocAuc", () => {
  // The example in scikit-learn's roc_auc_score documentation: 3 of the 4 positive/negative pairs are ordered.
  it("matches the scikit-learn example", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it("counts a tied pair as one half", () => {
    // Pairs (positive, negative): (0.5, 0.1) = 1, (0.5, 0.5) = 0.5, (0.9, 0.1) = 1, (0.9, 0.5) = 1.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])).toBeCloseTo(3.5 / 4, 12);
  });

  it("is one half when all scores tie", () => {
    expect(rocAuc([0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.5, 12);
  });

  it("is 1 for a perfect ranking and 0 for a reversed one", () => {
    expect(rocAuc([0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5])).toBe(1);
    expect(rocAuc([1, 1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4, 0.5])).toBe(0);
  });

  it("does not depend on row order", () => {
    const labels = [1, 0, 1, 0, 0, 1, 0];
    const scores = [0.9, 0.4, 0.4, 0.2, 0.7, 0.6, 0.4];
    const order = [6, 2, 0, 5, 3, 1, 4];
    const shuffledLabels = order.map((i) => labels[i]);
    const shuffledScores = order.map((i) => scores[i]);
    expect(rocAuc(shuffledLabels, shuffledScores)).toBeCloseTo(rocAuc(labels, scores), 12);
  });

  it("matches a brute-force pair count", () => {
    const labels = [1, 0, 1, 0, 0, 1, 0, 1, 1, 0];
    const scores = [0.9, 0.4, 0.4, 0.2, 0.7, 0.6, 0.4, 0.2, 0.55, 0.1];
    let wins = 0;
    let pairs = 0;
    labels.forEach((positive, i) => {
      if (positive !== 1) return;
      labels.forEach((negative, j) => {
        if (negative !== 0) return;
        pairs += 1;
        if (scores[i] > scores[j]) wins += 1;
        if (scores[i] === scores[j]) wins += 0.5;
      });
    });
    expect(rocAuc(labels, scores)).toBeCloseTo(wins / pairs, 12);
  });

  it("rejects a single class", () => {
    expect(() => rocAuc([1, 1], [0.2, 0.8])).toThrow(/only one class/);
  });
});

describe("logLoss", () => {
  // scikit-learn's log_loss documentation example, with "spam" as class 1: 0.21616...
  it("matches the scikit-learn example", () => {
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.2161619, 6);
  });

  it("computes a two-row example by hand", () => {
    const expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
    expect(logLoss([1, 0], [0.9, 0.2])).toBeCloseTo(expected, 12);
  });

  it("clips certain wrong answers to a finite loss", () => {
    // 1 is clipped to 1 − 1e-15, and 1 − (1 − 1e-15) rounds to about 1.11e-15 in double precision.
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 9);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 9);
  });

  it("rejects mismatched lengths", () => {
    expect(() => logLoss([1, 0], [0.5])).toThrow(/same length/);
  });
});

describe("accuracy", () => {
  it("thresholds scores at 0.5 inclusive", () => {
    expect(accuracy([1, 0, 1, 0], [0.5, 0.49, 0.2, 0.9])).toBe(0.5);
  });

  it("uses a custom threshold", () => {
    expect(accuracy([1, 0], [0.3, 0.1], 0.25)).toBe(1);
  });

  it("rejects empty input", () => {
    expect(() => accuracy([], [])).toThrow(/empty/);
  });
});

describe("positiveRate", () => {
  it("counts ones", () => {
    expect(positiveRate([1, 0, 0, 1, 1])).toBeCloseTo(0.6, 12);
  });
});
