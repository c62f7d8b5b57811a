import { describe, expect, it } from "vitest";
import { KeelError } from "../../errors";
import { compareDistributions, type CompareInput } from "../compare";
import { chooseStattest } from "../methods";

function rejection(input: CompareInput): KeelError {
  try {
    compareDistributions(input);
  } catch (error) {
    if (error instanceof KeelError) return error;
    throw error;
  }
  throw new Error("expected compareDistributions to throw");
}

const range = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => i + offset);

describe("chooseStattest", () => {
  it.each([
    ["numerical", 1000, 2, "z"],
    ["numerical", 1000, 3, "chisquare"],
    ["numerical", 1000, 5, "chisquare"],
    ["numerical", 1000, 6, "ks"],
    ["categorical", 1000, 2, "z"],
    ["categorical", 1000, 3, "chisquare"],
    ["numerical", 1001, 5, "jensenshannon"],
    ["numerical", 1001, 6, "wasserstein"],
    ["categorical", 1001, 2, "jensenshannon"],
    ["categorical", 1001, 40, "jensenshannon"],
  ] as const)("%s, %i reference values, %i distinct: %s", (type, referenceSize, distinct, expected) => {
    expect(chooseStattest(type, referenceSize, distinct)).toBe(expected);
  });
});

describe("compareDistributions", () => {
  it("infers the type and chooses the stattest", () => {
    const numerical = compareDistributions({ reference: range(50), current: range(50, 10) });
    expect(numerical.type).toBe("numerical");
    expect(numerical.method).toBe("ks");

    const categorical = compareDistributions({ reference: ["a", "b", 3], current: ["a", "b"] });
    expect(categorical.type).toBe("categorical");
    expect(categorical.method).toBe("chisquare");

    const large = compareDistributions({ reference: range(1500), current: range(800) });
    expect(large.method).toBe("wasserstein");
    expect(large.pValue).toBeNull();
  });

  it("measures null shares and leaves nulls out", () => {
    const withNulls = compareDistributions({ reference: [1, null, 2, 3, null, 4, 5, 6], current: [null, 1, 2, 3, 4, 5, 6, 7], method: "ks" });
    const withoutNulls = compareDistributions({ reference: [1, 2, 3, 4, 5, 6], current: [1, 2, 3, 4, 5, 6, 7], method: "ks" });

    expect(withNulls.nullShare).toEqual({ reference: 0.25, current: 0.125 });
    expect(withNulls.statistic).toBe(withoutNulls.statistic);
    expect(withNulls.pValue).toBe(withoutNulls.pValue);
  });

  it("lists categories the reference never saw", () => {
    const result = compareDistributions({ reference: ["a", "b", "a"], current: ["c", "a", "b", "zz", "c"], method: "chisquare" });
    expect(result.unseenCategories).toEqual(["c", "zz"]);
    expect(result.statistic).toBe(Infinity);
    expect(result.pValue).toBe(0);
    expect(result.drifted).toBe(true);
  });

  it("treats numbers as category names in categorical data", () => {
    const result = compareDistributions({ reference: [1, 2, 2], current: ["1", "2", 3], type: "categorical", method: "TVD" });
    expect(result.unseenCategories).toEqual(["3"]);
  });

  it("decides p-value drift with p <= threshold", () => {
    const result = compareDistributions({ reference: range(30), current: range(30, 10), method: "ks" });
    expect(compareDistributions({ reference: range(30), current: range(30, 10), method: "ks", threshold: result.pValue! }).drifted).toBe(true);
    expect(compareDistributions({ reference: range(30), current: range(30, 10), method: "ks", threshold: result.pValue! * 0.99 }).drifted).toBe(false);
  });

  it("decides distance drift with statistic >= threshold", () => {
    const result = compareDistributions({ reference: range(30), current: range(30, 3), method: "wasserstein" });
    expect(compareDistributions({ reference: range(30), current: range(30, 3), method: "wasserstein", threshold: result.statistic }).drifted).toBe(true);
    expect(compareDistributions({ reference: range(30), current: range(30, 3), method: "wasserstein", threshold: result.statistic * 1.01 }).drifted).toBe(false);
  });

  it("uses Evidently's default thresholds", () => {
    const defaults = { ks: 0.05, anderson: 0.1, cramer_von_mises: 0.1, wasserstein: 0.1, chisquare: 0.05, g_test: 0.1, fisher_exact: 0.1, TVD: 0.1 } as const;
    for (const [method, threshold] of Object.entries(defaults)) {
      const numerical = !["chisquare", "g_test", "fisher_exact", "TVD"].includes(method);
      const input = numerical ? { reference: range(20), current: range(20, 2) } : { reference: ["a", "b", "b"], current: ["a", "a", "b"] };
      expect(compareDistributions({ ...input, method: method as keyof typeof defaults }).threshold, method).toBe(threshold);
    }
  });
});

describe("compareDistributions rejects", () => {
  it.each([
    ["an empty sample", { reference: [], current: [1] }, "reference"],
    ["a sample of nulls", { reference: [1, 2], current: [null, null] }, "current"],
    ["a non-finite number", { reference: Float64Array.from([1, NaN]), current: [1] }, "reference.1"],
    ["a string in numerical data", { reference: [1, "x"], current: [1], type: "numerical" }, "reference"],
    ["a numerical stattest on categories", { reference: ["a"], current: ["b"], method: "ks" }, "method"],
    ["z on three categories", { reference: ["a", "b"], current: ["c"], method: "z" }, "method"],
    ["t_test on a single value", { reference: [1], current: [1, 2, 3], method: "t_test" }, "method"],
    ["anderson on three values", { reference: [1, 2], current: [3], method: "anderson" }, "method"],
    ["a negative threshold", { reference: [1], current: [2], threshold: -0.1 }, "threshold"],
  ] as Array<[string, CompareInput, string]>)("%s with 422 naming the field", (_, input, path) => {
    const error = rejection(input);
    expect(error.code).toBe("unprocessable");
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
  });
});
