import { describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { compareDistributions } from "@/lib/drift/compare";
import { createUniform } from "@/lib/drift/random";
import { summarizeProfileColumn, summarizeValues } from "../build";
import { compareSummaries } from "../compare";
import { binIndex, edgesFromQuantiles, edgesFromValues } from "../edges";
import { NumericalAccumulator } from "../merge";
import { summaryQuantile } from "../quantile";
import { addToSketch } from "../sketch";
import type { NumericalSummary } from "../types";

/** Log-normal values, skewed like distances or latencies, from a seeded generator. */
function logNormal(n: number, seed: number, shift = 0): number[] {
  const uniform = createUniform(seed);
  return Array.from({ length: n }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    return Math.round(Math.exp(6 + shift + 0.7 * normal) * 100) / 100;
  });
}

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  return sorted[below] + (position - below) * (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]);
}

const reference = logNormal(20_000, 1);
const current = logNormal(15_000, 2, 0.05);
const edges = edgesFromValues(Float64Array.from(reference));

describe("edges", () => {
  it("puts about 1% of the values in each bin", () => {
    expect(edges.length).toBe(101);
    const counts = new Map<number, number>();
    for (const value of reference) counts.set(binIndex(edges, value), (counts.get(binIndex(edges, value)) ?? 0) + 1);
    for (let bin = 1; bin < 100; bin++) expect(counts.get(bin)! / reference.length).toBeCloseTo(0.01, 2);
  });

  it("gives discrete values a bin each", () => {
    expect(edgesFromValues(Float64Array.from([3, 1, 2, 3, 1, 0]))).toEqual([0, 1, 2, 3]);
  });

  it("interpolates a profile's quantiles", () => {
    const fromProfile = edgesFromQuantiles([
      { q: 0, value: 0 },
      { q: 0.5, value: 10 },
      { q: 1, value: 110 },
    ]);
    expect(fromProfile).toHaveLength(101);
    expect(fromProfile[25]).toBeCloseTo(5, 12);
    expect(fromProfile[75]).toBeCloseTo(60, 12);
  });

  it("counts like width_bucket", () => {
    expect([-1, 0, 0.5, 1, 2, 3].map((value) => binIndex([0, 1, 2], value))).toEqual([0, 1, 1, 2, 3, 3]);
  });
});

describe("summaryQuantile", () => {
  it("is within 1% of the exact quantiles", () => {
    const summary = summarizeValues(reference, { edges }) as NumericalSummary;
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const exact = exactQuantile(reference, q);
      expect(Math.abs(summaryQuantile(summary, q) - exact) / exact, `q = ${q}`).toBeLessThanOrEqual(0.01 + 1e-9);
    }
  });

  it("handles negative values and zeros", () => {
    const values = [-50, -20, -10, 0, 0, 5, 10, 30];
    const summary = summarizeValues(values) as NumericalSummary;
    expect(summaryQuantile(summary, 0)).toBe(-50);
    expect(Math.abs(summaryQuantile(summary, 1 / 7) - -20) / 20).toBeLessThanOrEqual(0.01);
    expect(summaryQuantile(summary, 3 / 7)).toBe(0);
    expect(summaryQuantile(summary, 1)).toBe(30);
  });
});

describe("merging", () => {
  it("gives the summary of all values when parts are merged", () => {
    const whole = summarizeValues(reference, { edges }) as NumericalSummary;
    const merged = new NumericalAccumulator();
    for (let start = 0; start < reference.length; start += 700) {
      const part = summarizeValues(reference.slice(start, start + 700), { edges, type: "numerical" }) as NumericalSummary;
      const accumulator = new NumericalAccumulator();
      for (const value of reference.slice(start, start + 700)) {
        accumulator.addMoments(1, value, 0);
        accumulator.addBin(binIndex(edges, value), { count: 1, min: value, max: value });
        addToSketch(accumulator.sketch, value);
      }
      expect(accumulator.toSummary().pieces).toEqual(part.pieces);
      merged.addStored(accumulator.toStored(), part.count, 0);
    }

    const result = merged.toSummary();
    expect(result.pieces).toEqual(whole.pieces);
    expect(result.count).toBe(whole.count);
    expect(result.mean).toBeCloseTo(whole.mean, 9);
    expect(result.m2 / result.count).toBeCloseTo(whole.m2 / whole.count, 6);
    expect(Object.fromEntries(result.sketch!.positive)).toEqual(Object.fromEntries(whole.sketch!.positive));
  });
});

describe("compareSummaries on numerical data", () => {
  const a = summarizeValues(reference, { edges });
  const b = summarizeValues(current, { edges });

  it.each(["ks", "wasserstein", "psi", "jensenshannon", "kl_div", "hellinger"] as const)("%s is within 0.01 of the exact value", (method) => {
    const exact = compareDistributions({ reference, current, method });
    const approximate = compareSummaries(a, b, { method });
    expect(Math.abs(approximate.statistic - exact.statistic)).toBeLessThan(0.01);
    expect(approximate.drifted).toBe(exact.drifted);
  });

  // Energy distance is in the values' unit, here hundreds, so its error is relative.
  it("ed is within 2% of the exact value", () => {
    const exact = compareDistributions({ reference, current, method: "ed" });
    const approximate = compareSummaries(a, b, { method: "ed" });
    expect(Math.abs(approximate.statistic / exact.statistic - 1)).toBeLessThan(0.02);
  });

  it("computes Welch's t-test exactly from moments", () => {
    const exact = compareDistributions({ reference, current, method: "t_test" });
    const approximate = compareSummaries(a, b, { method: "t_test" });
    expect(approximate.statistic).toBeCloseTo(exact.statistic, 6);
    expect(approximate.pValue! / exact.pValue!).toBeCloseTo(1, 4);
  });

  it("chooses the stattest by Evidently's rule", () => {
    expect(compareSummaries(a, b).method).toBe(compareDistributions({ reference, current }).method);
  });

  it("is exact for discrete values", () => {
    const hours = (seed: number) => {
      const uniform = createUniform(seed);
      return Array.from({ length: 3000 }, () => Math.floor(24 * uniform() ** 1.2));
    };
    const x = hours(3);
    const y = hours(4);
    for (const method of ["ks", "wasserstein", "psi", "chisquare", "g_test"] as const) {
      const exact = compareDistributions({ reference: x, current: y, method });
      const approximate = compareSummaries(summarizeValues(x), summarizeValues(y), { method });
      expect(approximate.statistic, method).toBeCloseTo(exact.statistic, 9);
    }
  });

  it("rejects stattests that need raw values", () => {
    for (const method of ["mannw", "anderson", "cramer_von_mises", "empirical_mmd"] as const) {
      expect(() => compareSummaries(a, b, { method })).toThrow(KeelError);
      expect(() => compareSummaries(a, b, { method })).toThrow(new RegExp(`${method} needs every raw value.*use ks, wasserstein`));
    }
  });

  it("rejects chisquare on binned values", () => {
    expect(() => compareSummaries(a, b, { method: "chisquare" })).toThrow(/needs every distinct value/);
  });

  it("rejects a summary with only nulls", () => {
    expect(() => compareSummaries(summarizeValues([null, null], { type: "numerical" }), b)).toThrow(/reference has only null values/);
  });

  it("reports the share of nulls", () => {
    const result = compareSummaries(summarizeValues([1, 2, null, 4]), summarizeValues([1, null, null, null]), { method: "ks" });
    expect(result.nullShare).toEqual({ reference: 0.25, current: 0.75 });
  });
});

describe("compareSummaries on categorical data", () => {
  const x = ["a", "b", "b", "c", "c", "c", null];
  const y = ["a", "a", "b", "c", "d", "d"];

  it.each(["psi", "jensenshannon", "kl_div", "hellinger", "chisquare", "g_test", "TVD"] as const)("%s equals the exact result", (method) => {
    const exact = compareDistributions({ reference: x, current: y, method });
    const approximate = compareSummaries(summarizeValues(x), summarizeValues(y), { method });
    expect(approximate).toEqual(exact);
  });

  it("counts categories beyond the kept ones as other", () => {
    const many = Array.from({ length: 1_200 }, (_, i) => `c${i}`);
    const summary = summarizeValues([...many, ...many.slice(0, 10)]);
    expect(summary).toMatchObject({ type: "categorical", count: 1_210, otherCount: 200 });
  });

  it("rejects a numerical stattest", () => {
    expect(() => compareSummaries(summarizeValues(x), summarizeValues(y), { method: "ks" })).toThrow(/ks needs numerical data/);
  });

  it("rejects a reference of another type", () => {
    expect(() => compareSummaries(summarizeValues([1, 2, 3]), summarizeValues(y))).toThrow(/current is categorical but the reference is numerical/);
  });
});

describe("summarizeProfileColumn", () => {
  it("follows the piecewise-linear CDF through the quantiles", () => {
    const profile = summarizeProfileColumn({
      type: "numeric",
      count: 1000,
      mean: 50,
      std: 29,
      min: 0,
      max: 100,
      quantiles: [
        { q: 0, value: 0 },
        { q: 0.5, value: 50 },
        { q: 1, value: 100 },
      ],
    }) as NumericalSummary;
    expect(summaryQuantile(profile, 0.25)).toBeCloseTo(25, 9);

    const uniform = createUniform(5);
    const sample = Array.from({ length: 5000 }, () => 100 * uniform());
    expect(compareSummaries(profile, summarizeValues(sample), { method: "ks" }).statistic).toBeLessThan(0.03);
  });

  it("keeps categorical counts and other", () => {
    expect(summarizeProfileColumn({ type: "categorical", count: 10, distinct: 3, top: { a: 6, b: 3 }, otherCount: 1 })).toMatchObject({
      type: "categorical",
      count: 10,
      otherCount: 1,
    });
  });

  it("rejects an unknown layout", () => {
    expect(() => summarizeProfileColumn({ type: "numeric", count: 3 })).toThrow(/training profile entry/);
  });
});
