import { describe, expect, it } from "vitest";
import { fitLogisticRegression, penalisedLoss, sigmoid, solveCholesky, type SparseMatrix } from "./logistic";
import { seededRandom } from "./random";

/** Dense rows [1, x1, x2] with labels drawn from a logistic model with the given weights. */
function syntheticData(rows: number, weights: number[], seed: number): { x: SparseMatrix; labels: Uint8Array } {
  const random = seededRandom(seed);
  const columnIndex = new Int32Array(rows * 3);
  const values = new Float64Array(rows * 3);
  const rowStart = new Int32Array(rows + 1);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = [1, 2 * random() - 1, random() < 0.5 ? 1 : 0];
    row.forEach((value, j) => {
      columnIndex[r * 3 + j] = j;
      values[r * 3 + j] = value;
    });
    rowStart[r + 1] = (r + 1) * 3;
    const p = sigmoid(row.reduce((sum, value, j) => sum + value * weights[j], 0));
    labels[r] = random() < p ? 1 : 0;
  }
  return { x: { rows, columns: 3, rowStart, columnIndex, values }, labels };
}

describe("fitLogisticRegression", () => {
  it("recovers the generating weights", () => {
    const truth = [-0.5, 2, -1];
    const { x, labels } = syntheticData(50_000, truth, 7);
    const fit = fitLogisticRegression(x, labels, { l2: 1e-6 });

    expect(fit.converged).toBe(true);
    fit.weights.forEach((weight, j) => expect(Math.abs(weight - truth[j])).toBeLessThan(0.08));
  });

  it("reaches a stationary point of the penalised loss", () => {
    const { x, labels } = syntheticData(2_000, [0.3, 1, 0.5], 3);
    const fit = fitLogisticRegression(x, labels, { l2: 5 });
    const base = penalisedLoss(x, labels, fit.weights, 5);

    for (let j = 0; j < 3; j++) {
      const moved = Float64Array.from(fit.weights);
      moved[j] += 1e-3;
      expect(penalisedLoss(x, labels, moved, 5)).toBeGreaterThanOrEqual(base);
    }
  });

  it("shrinks weights towards zero with a large penalty", () => {
    const { x, labels } = syntheticData(2_000, [0, 3, 0], 11);
    const weak = fitLogisticRegression(x, labels, { l2: 1e-6 });
    const strong = fitLogisticRegression(x, labels, { l2: 1e5 });
    expect(Math.abs(strong.weights[1])).toBeLessThan(Math.abs(weak.weights[1]) / 10);
  });

  it("is deterministic", () => {
    const { x, labels } = syntheticData(1_000, [0.2, -1, 1], 5);
    const first = fitLogisticRegression(x, labels, { l2: 1 });
    const second = fitLogisticRegression(x, labels, { l2: 1 });
    expect(Array.from(second.weights)).toEqual(Array.from(first.weights));
  });
});

describe("solveCholesky", () => {
  it("solves a small system", () => {
    // A = [[4, 2], [2, 3]], b = [2, 1] has the solution s = [0.5, 0].
    const s = solveCholesky(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
    expect(s[0]).toBeCloseTo(0.5, 12);
    expect(s[1]).toBeCloseTo(0, 12);
  });

  it("rejects a matrix that is not positive definite", () => {
    expect(() => solveCholesky(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow(/positive definite/);
  });
});

describe("sigmoid", () => {
  it("is stable for large inputs", () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});
